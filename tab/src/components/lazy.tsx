import { lazy, Suspense } from 'react';
import { LoadingState } from './states';

/*
 * The card renderer and the Markdown reader are loaded when a page first shows a card or a policy's
 * text, so the pages most people open (the overview, their own policies) start faster.
 */
const LazyCardPreview = lazy(() => import('./card-preview').then((m) => ({ default: m.CardPreview })));
const LazyPolicyText = lazy(() => import('./markdown').then((m) => ({ default: m.PolicyText })));

export function CardPreview(props: { card: unknown; label: string }) {
  return (
    <Suspense fallback={<LoadingState label="Drawing the card…" />}>
      <LazyCardPreview {...props} />
    </Suspense>
  );
}

export function PolicyText(props: { markdown: string }) {
  return (
    <Suspense fallback={<LoadingState label="Loading the text…" />}>
      <LazyPolicyText {...props} />
    </Suspense>
  );
}
