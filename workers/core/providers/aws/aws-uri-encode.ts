/**
 * SigV4's UriEncode: every byte except the RFC 3986 unreserved characters
 * (A–Z a–z 0–9 - _ . ~) becomes %XY with upper-case hex
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html).
 * encodeURIComponent already does this except for ! ' ( ) *, which it leaves alone.
 */
export function awsUriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}
