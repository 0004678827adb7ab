/**
 * The one Content-Security-Policy for Hearth's UI, in Electron (a meta tag in the
 * built index.html) and in the web UI (a response header). Scripts and styles come
 * only from the app's own files; the page may talk only to its own origin.
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  // Speech read aloud plays from a blob: URL made of the audio the server sent.
  "media-src 'self' blob:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** The same policy for a `<meta>` tag, where browsers ignore frame-ancestors and log an error for it. */
export const contentSecurityPolicyMeta = contentSecurityPolicy
  .split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors'))
  .join('; ');
