/** Limits of the service the hostile suites attack; the corpus's cases are written against them. */
export const HOSTILE_ENV = {
  MAX_FILE_BYTES: '300000',
  MAX_FILES_PER_REQUEST: '10',
  JSON_BODY_LIMIT_MB: '2',
  MAX_REQUEST_BYTES: String(4 * 1024 * 1024),
  MAX_IMAGES_PER_OPERATION: '50',
};
