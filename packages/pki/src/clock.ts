/** A source of the current time, injectable so that tests are deterministic. */
export type Clock = () => Date;

/** The platform clock, for callers that want real time. */
export const systemClock: Clock = () => new Date();
