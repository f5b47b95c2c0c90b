import type { FileUpload } from 'graphql-upload-ts';

/**
 * One image as a caller hands it over: exactly one of a URL, base64 bytes or an uploaded file. The
 * GraphQL `ImageInput` has this shape; a job worker builds it from its own records.
 */
export interface ImageSource {
  url?: string | null;
  base64?: string | null;
  file?: Promise<FileUpload> | null;
}
