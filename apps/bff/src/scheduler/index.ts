/** Market session events (open/close/pre/post) per calendar, with isolated jobs and end-of-day hooks. */
export {
  createSessionScheduler,
  type SessionEvent,
  type SessionEventKind,
  type SessionJob,
  type SessionScheduler,
  type SessionSchedulerOptions,
} from './session-scheduler';
