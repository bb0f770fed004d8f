/**
 * Keeps a room of tablets from flooding the server: the server already sends at most a few
 * progress events a second, and each page answers an event by fetching the state.
 */

/** Calls `fn` at once, then at most once per `ms` with the latest argument (trailing). */
export function throttleLatest<T>(fn: (arg: T) => void, ms: number): (arg: T) => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: { arg: T } | null = null;
  const fire = () => {
    if (!pending) {
      timer = null;
      return;
    }
    const { arg } = pending;
    pending = null;
    fn(arg);
    timer = setTimeout(fire, ms);
  };
  return (arg: T) => {
    pending = { arg };
    if (timer === null) fire();
  };
}

/**
 * One run of `fn` at a time: a call while it runs asks for exactly one more run after it, so
 * the last call is always followed by a complete run, and ten calls never make ten fetches.
 */
export function singleFlight(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  const run = async (): Promise<void> => {
    try {
      await fn();
    } finally {
      if (again) {
        again = false;
        running = run();
      } else running = null;
    }
  };
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = run();
    return running;
  };
}
