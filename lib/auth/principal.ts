/** Who is asking, resolved on the server from a session cookie or a bearer token, never from the body. */
export interface Principal {
  userId: string;
  email: string;
  name: string | null;
}
