// Signing in to the console with an API key, as the sign-in form does: the session cookie to send
// with each later request.
export async function consoleCookie(serverUrl: string, key: string): Promise<string> {
  const signIn = await fetch(`${serverUrl}/console/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ key }).toString(),
  });
  return signIn.headers.get('set-cookie')!.split(';')[0]!;
}
