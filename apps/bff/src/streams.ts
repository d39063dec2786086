import type { Broker } from './broker/types';
import { createSwappableBroker } from './broker/swappable';
import type { Pipeline } from './pipeline';

/** The broker and pipeline the server runs. */
export interface Streams {
  broker: Broker;
  /** The pipeline (a stand-in for the current one when restartable). */
  pipeline: Pipeline;
  /** Stops the pipeline, replaces the broker (new epoch; listeners carry over) and starts a new pipeline. */
  restart(): Promise<void>;
}

/** Inputs of `createStreams`. */
export interface StreamsOptions {
  makeBroker: () => Broker;
  makePipeline: (broker: Broker) => Pipeline;
  /** Builds both behind stand-ins so `restart` can replace them (a source extension asked for it). */
  restartable: boolean;
}

/** Builds the streams; only restartable ones pay for the stand-ins. */
export function createStreams({ makeBroker, makePipeline, restartable }: StreamsOptions): Streams {
  if (!restartable) {
    const broker = makeBroker();
    return { broker, pipeline: makePipeline(broker), restart: () => Promise.reject(new Error('these streams are not restartable')) };
  }
  const broker = createSwappableBroker(makeBroker);
  let current = makePipeline(broker);
  return {
    broker,
    pipeline: createDelegate(() => current),
    async restart() {
      current.stop();
      broker.swap();
      current = makePipeline(broker);
      await current.start();
    },
  };
}

/** An object that forwards every property read to `current()`: a stand-in that survives replacement. */
export function createDelegate<T extends object>(current: () => T): T {
  return new Proxy({} as T, {
    get(_target, key) {
      const target = current() as Record<PropertyKey, unknown>;
      const value = target[key];
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
