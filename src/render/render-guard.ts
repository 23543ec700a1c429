import vm from 'node:vm';

/** Seconds a page may take to render when the config module adds helpers, unless GAZETTE_RENDER_TIMEOUT says otherwise. */
const RENDER_TIMEOUT_SECONDS = 10;

/** The time a page may take to render, in ms: GAZETTE_RENDER_TIMEOUT (seconds), else RENDER_TIMEOUT_SECONDS. */
export function renderTimeoutMs(): number {
  const fromEnv = Number(process.env.GAZETTE_RENDER_TIMEOUT);
  return (Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : RENDER_TIMEOUT_SECONDS) * 1000;
}

/** Thrown when a guarded call ran past its time and was stopped. */
export class RenderTimeout extends Error {}

/** Thrown when Ctrl-C stopped a guarded call; the signal has been raised again for the process's own handlers. */
export class RenderInterrupted extends Error {}

// Node stops code run through `vm` after its timeout, or at Ctrl-C, whatever context the functions
// it calls come from: V8 terminates the whole thread's JavaScript, then Node turns that into an
// exception where the `vm` call began. Only this one call is compiled in the context.
const context = vm.createContext({ call: null as (() => void) | null });
const script = new vm.Script('call()', { filename: 'gazette-render-guard' });

/**
 * Run `fn` on this thread, stopped if it runs past `timeoutMs` or Ctrl-C is pressed meanwhile.
 * A helper of a config module stuck in a loop cannot be interrupted otherwise: the main thread
 * would hang, unable even to handle SIGINT. Costs about 0.1 ms a call (Node starts a watchdog
 * thread for each), so it is used only where the site's own code runs.
 * @throws RenderTimeout, RenderInterrupted, or what `fn` throws.
 */
export function runGuarded<T>(fn: () => T, timeoutMs: number): T {
  let result: T | undefined;
  context.call = () => {
    result = fn();
  };
  try {
    script.runInContext(context, { timeout: Math.max(1, Math.round(timeoutMs)), breakOnSigint: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    if (code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new RenderTimeout(`stopped after ${timeoutMs / 1000} s`);
    if (code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED') {
      // Node kept the signal from the process's handlers while the call ran: hand it to them (watch
      // and serve stop), or without any, end the process as Ctrl-C does. Not raised again at once:
      // Node may still be restoring its own handling of the signal, which would swallow it.
      setImmediate(() => {
        if (process.listenerCount('SIGINT') > 0) process.emit('SIGINT', 'SIGINT');
        else process.kill(process.pid, 'SIGINT');
      });
      throw new RenderInterrupted('interrupted');
    }
    throw error;
  } finally {
    context.call = null;
  }
  return result as T;
}
