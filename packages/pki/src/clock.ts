/** A source of the current time, injectable so that tests are deterministic. */
export type Clock = () => Date;

/** The platform clock, for callers that want real time. *
 * @example
 * ```ts
 * const ca = await TestCa.create({ algorithm: 'gost256', name: 'Live CA', clock: systemClock });
 * ```
 */
export const systemClock: Clock = () => new Date();
