import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { ApiError } from '../api/client';

const useStyles = makeStyles({
  centre: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalXXXL} ${tokens.spacingHorizontalL}`,
    textAlign: 'center',
  },
  empty: {
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  muted: { color: tokens.colorNeutralForeground2, maxWidth: '36rem' },
});

export function LoadingState({ label }: { label: string }) {
  const styles = useStyles();
  return (
    <div className={styles.centre} role="status" aria-live="polite">
      <Spinner size="medium" label={label} labelPosition="below" />
    </div>
  );
}

export function ErrorState({
  error,
  retry,
  title = 'This could not be loaded',
}: {
  error: ApiError;
  retry?: () => void;
  title?: string;
}) {
  return (
    <MessageBar intent={error.status === 403 ? 'warning' : 'error'} layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{error.status === 403 ? 'Not available to you' : title}</MessageBarTitle>
        {error.message}
      </MessageBarBody>
      {retry && error.status !== 403 ? (
        <MessageBarActions>
          <Button onClick={retry}>Try again</Button>
        </MessageBarActions>
      ) : null}
    </MessageBar>
  );
}

export function EmptyState({
  icon,
  title,
  children,
  action,
}: {
  icon?: ReactNode;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  const styles = useStyles();
  return (
    <div className={`${styles.centre} ${styles.empty}`}>
      {icon}
      <Text as="h3" size={500} weight="semibold">
        {title}
      </Text>
      {children ? <Text className={styles.muted}>{children}</Text> : null}
      {action}
    </div>
  );
}
