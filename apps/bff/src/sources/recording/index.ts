/** Recording (`--record FILE`): a source decorator writing every delivered event as NDJSON. */
export { createRecordingSource, type RecordingOptions, type RecordingSource } from './recording-source';
export { recordingEventSchema, recordingHeaderSchema, RECORDING_VERSION, type RecordingEvent, type RecordingHeader } from './format';
