import type { FileUpload } from 'graphql-upload-ts';
import { ErrorCode, ImageError } from '../error-codes.js';

/**
 * Reads one uploaded file into memory, stopping at `maxBytes`. Every failure (file missing from the
 * request, size limit hit by graphql-upload-ts, client gone) becomes this image's error, never a throw,
 * and the stream is always consumed or destroyed so its temp file can be released.
 */
export async function readUpload(upload: Promise<FileUpload>, maxBytes: number): Promise<Buffer | ImageError> {
  let file: FileUpload;
  try {
    file = await upload;
  } catch (err) {
    return uploadError(err, maxBytes);
  }
  let stream;
  try {
    stream = file.createReadStream();
  } catch (err) {
    return uploadError(err, maxBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        stream.destroy();
        return tooLarge(maxBytes);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    return uploadError(err, maxBytes);
  }
  return Buffer.concat(chunks, size);
}

function tooLarge(maxBytes: number): ImageError {
  return new ImageError(ErrorCode.IMAGE_TOO_LARGE, `The file is over the ${maxBytes}-byte limit per image (20 MB is Clarifai's limit).`);
}

function uploadError(err: unknown, maxBytes: number): ImageError {
  const e = err as { status?: number; message?: string };
  if (e.status === 413) return tooLarge(maxBytes);
  if (e.status === 499) return new ImageError(ErrorCode.MALFORMED_MULTIPART, 'The client disconnected before the file arrived.');
  return new ImageError(ErrorCode.MALFORMED_MULTIPART, `The file could not be read from the multipart request: ${e.message ?? 'unknown error'}.`);
}
