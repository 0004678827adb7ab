/** What Electron tells a permission handler about a request (the fields this decision reads). */
export interface PermissionDetails {
  isMainFrame: boolean;
  requestingUrl: string;
  mediaTypes?: ('video' | 'audio')[];
}

/**
 * The one permission the UI needs: the microphone, for dictation in the composer, asked by the app's own page
 * in its main frame. No camera, screen, notifications or anything else.
 */
export function isPermissionAllowed(permission: string, details: PermissionDetails, appUrl: string): boolean {
  if (permission !== 'media' || !details.isMainFrame || details.requestingUrl.split('#')[0] !== appUrl) return false;
  const types = details.mediaTypes ?? [];
  return types.length > 0 && types.every((type) => type === 'audio');
}
