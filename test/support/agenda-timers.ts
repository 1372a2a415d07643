/**
 * agenda 6.2 checks that a job it runs is still alive on a timer of half the job's lock lifetime
 * (`checkIfJobIsStillAlive` in its JobProcessor) and never clears that timer when the job ends: it
 * fires later, sees the job finished and does nothing. It holds no resource, but Conduct's daily
 * jobs (retention, summaries, audit verification, directory sync) run at start-up with lock
 * lifetimes of 30 to 60 minutes, so every test file that starts Conduct left timers of 15 to 30
 * minutes behind, and jest needed forceExit to end.
 *
 * Loaded into every test file (jest setupFilesAfterEnv): a timer agenda's job processor starts is
 * unref'd, so it never keeps the process alive on its own. Every other timer is left as it is, so
 * a real leak still holds jest open. Only timers of a second or more are looked at (agenda's is at
 * least half a poll interval), so the stack is read rarely.
 */
const agendaProcessor = /[\\/]node_modules[\\/]agenda[\\/]dist[\\/]JobProcessor\.js$/;

function calledFromAgendaProcessor(): boolean {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back as it was, never called here
  const prepareStackTrace = Error.prepareStackTrace;
  const stackTraceLimit = Error.stackTraceLimit;
  try {
    // The wrapper below, whoever called setTimeout (agenda's `delay`), and one more.
    Error.stackTraceLimit = 3;
    Error.prepareStackTrace = (_error, frames) => frames;
    const holder: { stack?: NodeJS.CallSite[] } = {};
    Error.captureStackTrace(holder, calledFromAgendaProcessor);
    return (holder.stack ?? []).some((frame) => agendaProcessor.test(frame.getFileName() ?? ''));
  } finally {
    Error.prepareStackTrace = prepareStackTrace;
    Error.stackTraceLimit = stackTraceLimit;
  }
}

const originalSetTimeout = globalThis.setTimeout.bind(globalThis);
function setTimeoutUnrefForAgenda(...args: Parameters<typeof setTimeout>): NodeJS.Timeout {
  const timer = originalSetTimeout(...args);
  if (typeof args[1] === 'number' && args[1] >= 1_000 && calledFromAgendaProcessor()) timer.unref();
  return timer;
}
globalThis.setTimeout = Object.assign(setTimeoutUnrefForAgenda, {
  __promisify__: globalThis.setTimeout.__promisify__,
});
