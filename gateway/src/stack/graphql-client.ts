/**
 * Sends one GraphQL request with a bearer token and returns `data`, throwing with the errors' JSON when the answer
 * has any. For the stack's own scripts (demo data), not a general client.
 *
 * @example
 * ```ts
 * const data = await postGraphQL<{ organizations: unknown }>(url, token, '{ organizations { totalCount } }');
 * ```
 */
export async function postGraphQL<T>(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: Array<{ message: string; extensions?: unknown }> };
  if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data as T;
}
