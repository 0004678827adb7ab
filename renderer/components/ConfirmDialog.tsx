import { useState, type ReactNode } from 'react';
import { Dialog } from './Dialog.js';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm(): Promise<void> | void;
  onClose(): void;
}

/** Asks before a destructive action; the safe choice has focus first. */
export function ConfirmDialog({ open, title, children, confirmLabel, onConfirm, onClose }: ConfirmDialogProps) {
  const [isBusy, setBusy] = useState(false);
  return (
    <Dialog open={open} title={title} onClose={onClose} testId="confirm-dialog">
      <div className="dialog-text">{children}</div>
      <div className="dialog-actions">
        <button type="button" onClick={onClose} autoFocus>
          Keep it
        </button>
        <button
          type="button"
          className="danger"
          disabled={isBusy}
          onClick={async () => {
            setBusy(true);
            try {
              await onConfirm();
            } finally {
              setBusy(false);
              onClose();
            }
          }}
        >
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
