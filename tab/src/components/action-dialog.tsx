import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from '@fluentui/react-components';
import type { ReactNode } from 'react';

/**
 * A dialog asking for a decision: its title, what to read or fill in, Cancel (which closes it, as
 * Escape and a click outside do) and the action buttons given.
 */
export function ActionDialog({
  open = true,
  onClose,
  title,
  actions,
  className,
  children,
}: {
  open?: boolean;
  onClose: () => void;
  title: ReactNode;
  actions: ReactNode;
  /** Classes for the content (a form's layout). */
  className?: string;
  children: ReactNode;
}) {
  return (
    <Dialog open={open} onOpenChange={(_e, d) => (d.open ? undefined : onClose())}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent className={className}>{children}</DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Cancel</Button>
            {actions}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
