import { useEffect, useId, useRef, type ReactNode } from 'react';

const focusableSelector = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])';

export interface DialogProps {
  open: boolean;
  title: string;
  /** Esc, the close button, or a click on the backdrop. */
  onClose(): void;
  children: ReactNode;
  /** Wider for content such as code snippets. */
  wide?: boolean;
  testId?: string;
  /** A dialog the user must answer (the key prompt with no key yet): no Esc, no close button. */
  required?: boolean;
}

/**
 * A real modal: the platform's <dialog> opened with showModal(), which makes the page behind it inert (focus
 * can't leave it), gives it the dialog role, closes on Esc and puts focus back where it was on close. The
 * platform primitive rather than a library: Radix's modal injects a <style> tag, which Hearth's CSP refuses.
 */
export function Dialog({ open, title, onClose, children, wide, testId, required }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  if (!open) return null;
  return (
    <dialog
      ref={ref}
      className={`dialog${wide ? ' dialog-wide' : ''}`}
      aria-labelledby={titleId}
      aria-modal="true"
      data-testid={testId}
      onCancel={(event) => {
        // Esc: the platform would close it behind React's back; let the owner decide.
        event.preventDefault();
        if (!required) onClose();
      }}
      onClick={(event) => {
        if (event.target === ref.current && !required) onClose();
      }}
      onKeyDown={(event) => {
        // The page behind is inert, but Tab past the last control would leave for the browser's own UI: wrap instead.
        if (event.key !== 'Tab') return;
        const focusable = [...(ref.current?.querySelectorAll<HTMLElement>(focusableSelector) ?? [])].filter((element) => !element.hasAttribute('disabled'));
        const first = focusable[0];
        const last = focusable.at(-1);
        if (!first || !last) return;
        if (event.shiftKey && document.activeElement === first) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault();
          first.focus();
        }
      }}
    >
      <div className="dialog-body">
        <div className="dialog-head">
          <h2 id={titleId}>{title}</h2>
          {!required && (
            <button type="button" className="ghost small" onClick={onClose} aria-label="Close">
              ✕
            </button>
          )}
        </div>
        {children}
      </div>
    </dialog>
  );
}
