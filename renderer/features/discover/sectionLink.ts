import { useEffect, useRef } from 'react';
import { useSearch } from 'wouter';
import type { FolderModelPurpose } from '../../../common/library.js';

/**
 * The route that opens Discover at one of its sections (`/discover?section=speech-to-text`), for wouter's
 * <Link>. With the hash router the link reads `#/discover?section=…`, and following it puts the section in the
 * page's query (`?section=…#/discover`), where the screen reads it: a query inside the hash would not match the
 * /discover route.
 */
export function discoverSectionPath(section: FolderModelPurpose): string {
  return `/discover?section=${section}`;
}

/**
 * For the heading of the Discover section `section`: once `isReady` (its list has loaded), when the page was
 * opened at that section, scrolls the section into view and focuses its heading (screen readers read it), then drops
 * `?section=` from the address, so it doesn't follow the user to other screens or pull them back later.
 */
export function useLandOnSection<T extends HTMLElement>(section: FolderModelPurpose, isReady: boolean) {
  const heading = useRef<T>(null);
  const target = new URLSearchParams(useSearch()).get('section');
  useEffect(() => {
    if (target !== section || !isReady || !heading.current) return;
    // The whole panel, not just its heading, so its frame shows at the top.
    (heading.current.closest('section') ?? heading.current).scrollIntoView({ block: 'start' });
    heading.current.focus({ preventScroll: true });
    const url = new URL(window.location.href);
    url.searchParams.delete('section');
    history.replaceState(history.state, '', url.href);
  }, [target, section, isReady]);
  return heading;
}
