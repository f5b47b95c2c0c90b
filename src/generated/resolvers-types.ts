import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { PredictionParent } from '../graphql/resolvers/prediction-parent.js';
import type { Context } from '../graphql/context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /**
   * A file sent with the GraphQL multipart request spec (curl -F, apollo-upload-client). Multipart requests
   * must carry an `Apollo-Require-Preflight: true` (or `x-apollo-operation-name`) header.
   */
  Upload: { input: Promise<import('graphql-upload-ts').FileUpload>; output: Promise<import('graphql-upload-ts').FileUpload>; }
  _FieldSet: { input: unknown; output: unknown; }
};

/** A box in relative coordinates: 0 is the top or left edge of the image, 1 the bottom or right edge. */
export type BoundingBox = {
  __typename?: 'BoundingBox';
  /** Bottom edge, as a fraction of the image height. */
  bottom: Scalars['Float']['output'];
  /** Left edge, as a fraction of the image width. */
  left: Scalars['Float']['output'];
  /** Right edge, as a fraction of the image width. */
  right: Scalars['Float']['output'];
  /** Top edge, as a fraction of the image height. */
  top: Scalars['Float']['output'];
};

/** A level of the prediction cache. */
export type CacheLevel =
  /** This replica's own memory. */
  | 'MEMORY'
  /** Redis, shared by every replica (REDIS_URL). */
  | 'REDIS';

/** A concept a model sees in an image, with its confidence. */
export type Concept = {
  __typename?: 'Concept';
  /** The app that owns the concept, e.g. `main` for Clarifai's public models. */
  appId?: Maybe<Scalars['String']['output']>;
  /** The concept's id in the model's vocabulary (stable across versions), e.g. `ai_HLmqFqBf`. */
  id: Scalars['ID']['output'];
  /** A human-readable name, e.g. `train`. */
  name: Scalars['String']['output'];
  /** Confidence from 0 to 1. */
  value: Scalars['Float']['output'];
};

/** Names one concept of a model's vocabulary. Set exactly one field. */
export type ConceptSelector =
  /** A concept id, e.g. `ai_HLmqFqBf` (train in Clarifai's general model). */
  { id: Scalars['ID']['input']; name?: never; }
  |  /** A concept name, e.g. `train`. Case-sensitive. */
  { id?: never; name: Scalars['String']['input']; };

/**
 * An image that other subgraphs refer to by its public URL, e.g. a catalogue's `Product.image`. A subgraph returns
 * the reference `{ __typename: "Image", url }` and the router asks this subgraph for `predictions`. The
 * `predictions` of all images of one operation share upstream calls (up to 128 images each), so a list of 300
 * products costs 3 calls to Clarifai, not 300.
 *
 * The key is the URL alone: bytes are no key (a router copies keys into every query plan and cache, and a catalogue
 * stores URLs, not megabytes of base64). To label bytes, call `Query.predict` with `base64`.
 */
export type Image = {
  __typename?: 'Image';
  /**
   * What one model sees in this image. `null` with an error at this field's path when this image fails (codes as
   * for one image of `Query.predict`: `INVALID_URL`, `IMAGE_DOWNLOAD_FAILED`, `MODEL_NOT_FOUND`, `UPSTREAM_*`…);
   * the other images are not affected. Each image of an operation counts once toward MAX_IMAGES_PER_OPERATION.
   */
  predictions?: Maybe<Prediction>;
  /**
   * The image's public http(s) URL, as the referring subgraph stores it: at most 2,048 characters, no
   * user:password part (use a signed URL). Clarifai downloads it. It is checked only when `predictions` is asked
   * for: an invalid URL gives `null` there with `INVALID_URL`.
   */
  url: Scalars['String']['output'];
};


/**
 * An image that other subgraphs refer to by its public URL, e.g. a catalogue's `Product.image`. A subgraph returns
 * the reference `{ __typename: "Image", url }` and the router asks this subgraph for `predictions`. The
 * `predictions` of all images of one operation share upstream calls (up to 128 images each), so a list of 300
 * products costs 3 calls to Clarifai, not 300.
 *
 * The key is the URL alone: bytes are no key (a router copies keys into every query plan and cache, and a catalogue
 * stores URLs, not megabytes of base64). To label bytes, call `Query.predict` with `base64`.
 */
export type ImagePredictionsArgs = {
  appId?: InputMaybe<Scalars['ID']['input']>;
  modelId: Scalars['ID']['input'];
  modelVersionId?: InputMaybe<Scalars['ID']['input']>;
  options?: InputMaybe<PredictOptions>;
  userId?: InputMaybe<Scalars['ID']['input']>;
};

/**
 * One image. Set exactly one field. Uploads and base64 bytes may be at most 20 MB; formats are JPEG, PNG,
 * GIF, WebP, TIFF and BMP.
 */
export type ImageInput =
  /** The image's bytes in standard base64 (RFC 4648; padding optional; a `data:` URL prefix is accepted). */
  { base64: Scalars['String']['input']; file?: never; url?: never; }
  |  /**
   * A file sent as a part of a multipart request (GraphQL multipart request spec). The request needs an
   * `Apollo-Require-Preflight: true` header. Not available through a federated router: use url or base64 there.
   */
  { base64?: never; file: Scalars['Upload']['input']; url?: never; }
  |  /** A public http(s) URL; the model's host downloads it. At most 2,048 characters, no user:password part. */
  { base64?: never; file?: never; url: Scalars['String']['input']; };

/** A model `predict` can use. */
export type Model = {
  __typename?: 'Model';
  /** Whether it can answer now (loaded, and a key configured where one is needed). */
  available: Scalars['Boolean']['output'];
  /** Which backend serves it. */
  backend: ModelBackend;
  /** How many concepts its vocabulary has, when known. */
  conceptCount?: Maybe<Scalars['Int']['output']>;
  /** Its vocabulary, when known (local models); null for Clarifai models, whose vocabularies live at Clarifai. */
  concepts?: Maybe<Array<ModelConcept>>;
  /** What it recognises. */
  description: Scalars['String']['output'];
  /** The id to pass as `predict(modelId:)`. */
  id: Scalars['ID']['output'];
  /** The licence of its weights, when known. */
  licence?: Maybe<Scalars['String']['output']>;
  /** Whether its predictions carry regions (bounding boxes). */
  returnsRegions: Scalars['Boolean']['output'];
  /** Where its weights come from. */
  source?: Maybe<Scalars['String']['output']>;
  /** Why it cannot answer now, when `available` is false. */
  unavailableReason?: Maybe<Scalars['String']['output']>;
};

/** Which backend serves a model. */
export type ModelBackend =
  /** Clarifai's REST API. Needs a Clarifai PAT. */
  | 'CLARIFAI'
  /** Runs in this server, in worker threads, from weights shipped in npm packages. Needs no key and no network; byte inputs only (no URLs). */
  | 'LOCAL';

/** One concept of a model's vocabulary. */
export type ModelConcept = {
  __typename?: 'ModelConcept';
  /** The concept id, as it appears in `Concept.id`. */
  id: Scalars['ID']['output'];
  /** The concept's name. */
  name: Scalars['String']['output'];
};

/** The model that produced a prediction. */
export type ModelVersionRef = {
  __typename?: 'ModelVersionRef';
  /** The app holding the model. */
  appId?: Maybe<Scalars['String']['output']>;
  /** The model's id, e.g. `general-image-recognition`. */
  id: Scalars['ID']['output'];
  /** The model owner's user id. */
  userId?: Maybe<Scalars['String']['output']>;
  /** The version that answered (the latest one unless `modelVersionId` pinned another). */
  versionId?: Maybe<Scalars['ID']['output']>;
};

/**
 * Every `extensions.code` this service sets on its own errors; clients may switch on them, and a value never
 * changes meaning. (Nothing returns this enum: it is here to document the codes.) Apollo Server adds its own for
 * malformed requests: `GRAPHQL_PARSE_FAILED`, `GRAPHQL_VALIDATION_FAILED`, `BAD_REQUEST`,
 * `PERSISTED_QUERY_NOT_FOUND`. Errors that fail a whole request carry an HTTP status; per-image errors come with
 * HTTP 200, `null` at the image's path and the code on the error at that path.
 */
export type PredictErrorCode =
  /** The identity provider's keys (JWKS) could not be fetched to check the token; retry shortly (HTTP 503). */
  | 'AUTH_UNAVAILABLE'
  /** A malformed argument, e.g. a modelId with characters other than letters, digits, `_`, `.` and `-`, or an @oneOf input with two fields set (whole field). */
  | 'BAD_USER_INPUT'
  /** The caller went away before the image was answered; it was not sent (or not sent again) upstream. */
  | 'CANCELLED'
  /** The server has no Clarifai PAT (CLARIFAI_PAT) and the caller sent none (every image of the field). */
  | 'CLARIFAI_NOT_CONFIGURED'
  /** Bytes that start like an image but are cut short or cannot be decoded (one image). */
  | 'CORRUPT_IMAGE'
  /** A multipart request without a non-empty `Apollo-Require-Preflight` or `x-apollo-operation-name` header, refused before its files are read (whole request, HTTP 400). */
  | 'CSRF_PREFLIGHT_REQUIRED'
  /** The operation's deadline (REQUEST_TIMEOUT_MS, or the caller's shorter `x-request-timeout-ms`) passed before this image was answered; the message says what was tried. */
  | 'DEADLINE_EXCEEDED'
  /** An image of 0 bytes (one image). */
  | 'EMPTY_IMAGE'
  /** `images` is an empty list (whole field). */
  | 'EMPTY_IMAGE_LIST'
  /** The caller may not use this model (its key entry or token lists the models it may use; HTTP 403). */
  | 'FORBIDDEN'
  /** Clarifai could not download the URL: it must be public and point to an image (one image). */
  | 'IMAGE_DOWNLOAD_FAILED'
  /** Clarifai refused this image for another reason; `extensions.clarifaiStatus` says why (one image). */
  | 'IMAGE_REJECTED'
  /** An image over MAX_FILE_BYTES, 20 MB by default and at most (Clarifai's limit) (one image). */
  | 'IMAGE_TOO_LARGE'
  /** An image over MAX_IMAGE_PIXELS, 85 megapixels by default and at most (Clarifai's limit) (one image). */
  | 'IMAGE_TOO_MANY_PIXELS'
  /** An unexpected failure; the details are in the server's log only. */
  | 'INTERNAL_SERVER_ERROR'
  /** A base64 string that is not standard base64 (RFC 4648) or has a broken `data:` prefix (one image). */
  | 'INVALID_BASE64'
  /** An `Authorization: Key …` header that is not a plausible Clarifai PAT, when the server accepts callers' PATs (whole request, HTTP 400). */
  | 'INVALID_CREDENTIAL_HEADER'
  /** An image input that sets no field or more than one of url, base64 and file (one image; only reachable through a router that drops @oneOf). */
  | 'INVALID_IMAGE_INPUT'
  /** `options` out of range: minValue outside 0–1, maxConcepts outside 1–200, more than 200 selectConcepts, or a selector with both or neither of id and name (whole field). */
  | 'INVALID_PREDICT_OPTIONS'
  /** The `x-request-timeout-ms` header is not a whole number of milliseconds of at least 1. */
  | 'INVALID_REQUEST_TIMEOUT'
  /** A URL that is not an absolute http(s) URL, is over 2,048 characters or holds user:password; or one Clarifai refused (one image). */
  | 'INVALID_URL'
  /** A model served by the embedded offline backend could not be loaded (every image of the field). */
  | 'LOCAL_BACKEND_UNAVAILABLE'
  /** A multipart body that breaks the GraphQL multipart request spec, or a client that went away mid-upload (whole request, HTTP 400; or one image). */
  | 'MALFORMED_MULTIPART'
  /** The model refused the output options, e.g. selectConcepts outside its vocabulary (every image of the field). */
  | 'MODEL_INVALID_ARGUMENT'
  /** No such model (or version) in that user's app: check modelId, modelVersionId, userId and appId (every image of the field). */
  | 'MODEL_NOT_FOUND'
  /** The model is deploying, loading or busy, and stayed so through the retries (every image of the field). */
  | 'MODEL_UNAVAILABLE'
  /** The server is shedding load: more than MAX_QUEUED_IMAGES (4,096 by default) images already wait to go upstream, or a local model's queue is full. Retry after the `Retry-After` header's seconds, also in `extensions.retryAfterSeconds` (whole field, HTTP 503; one image, HTTP 200, for a local model). */
  | 'OVERLOADED'
  /** The request body is over the server's limit: MAX_REQUEST_BYTES for multipart, JSON_BODY_LIMIT_MB for JSON (whole request, HTTP 413). */
  | 'PAYLOAD_TOO_LARGE'
  /** The model failed on this image (one image). */
  | 'PREDICTION_FAILED'
  /** Fields are nested deeper than MAX_QUERY_DEPTH, 12 by default (whole operation, HTTP 400). */
  | 'QUERY_TOO_DEEP'
  /** The caller's per-minute or per-day image quota is spent; `extensions` say which window, what remains and when to retry (HTTP 429). */
  | 'QUOTA_EXCEEDED'
  /** A multipart request with more files than MAX_FILES_PER_REQUEST, 256 by default (whole request, HTTP 413). */
  | 'TOO_MANY_FILES'
  /** The images of all `predict` fields (and `Image.predictions` entities) of one operation are over MAX_IMAGES_PER_OPERATION, 1,024 by default; `extensions.limit` holds the cap. Split the work over several operations (whole operation, HTTP 400). */
  | 'TOO_MANY_IMAGES'
  /** More `predict` and `Image.predictions` fields (aliases included) in one operation than MAX_PREDICT_FIELDS_PER_OPERATION, 32 by default (whole operation, HTTP 400). */
  | 'TOO_MANY_PREDICT_FIELDS'
  /** No valid credential: send `x-api-key: <key>` or `Authorization: Bearer <token>`, as the server's AUTH_MODE says (HTTP 401). */
  | 'UNAUTHENTICATED'
  /** Bytes that are none of JPEG, PNG, GIF, WebP, TIFF and BMP (one image). */
  | 'UNSUPPORTED_IMAGE_FORMAT'
  /** Clarifai sent a response that could not be read, or one that did not answer every image. */
  | 'UPSTREAM_BAD_RESPONSE'
  /** The credential may not use this model or app. */
  | 'UPSTREAM_PERMISSION_DENIED'
  /** The Clarifai account's hourly or monthly quota is spent; retrying soon will not help. */
  | 'UPSTREAM_QUOTA_EXCEEDED'
  /** Clarifai rejected the request for a reason with no code of its own; `extensions.clarifaiStatus` says why. */
  | 'UPSTREAM_REQUEST_REJECTED'
  /** Clarifai kept throttling (HTTP 429 / 11005) through the retries; retry later. */
  | 'UPSTREAM_THROTTLED'
  /** Clarifai did not answer within UPSTREAM_TIMEOUT_MS (30 s by default) through the retries; retry later. */
  | 'UPSTREAM_TIMEOUT'
  /** Clarifai refused the credential: check CLARIFAI_PAT or the caller's `Authorization: Key <PAT>`. */
  | 'UPSTREAM_UNAUTHENTICATED'
  /** Clarifai was unreachable or answered 5xx through the retries; retry later. */
  | 'UPSTREAM_UNAVAILABLE';

/** Settings for the concepts returned (Clarifai's output_config). */
export type PredictOptions = {
  /**
   * Turn byte inputs upright before prediction when their EXIF orientation is not 1 (Clarifai ignores
   * EXIF). Default: true, or the server's AUTO_ORIENT setting. URL inputs are never changed.
   */
  autoOrient?: InputMaybe<Scalars['Boolean']['input']>;
  /**
   * Skip the prediction cache for this request: every image goes to the model, and the fresh answer is stored
   * for the next caller. Default: false (a cached answer, if one exists, is returned with `source.cached`).
   */
  bypassCache?: InputMaybe<Scalars['Boolean']['input']>;
  /** How many concepts to return per image, 1 to 200. Default: the model's own (20 for Clarifai's models). */
  maxConcepts?: InputMaybe<Scalars['Int']['input']>;
  /** Only concepts with a value of at least this (0 to 1) are returned. Default: 0, no threshold. */
  minValue?: InputMaybe<Scalars['Float']['input']>;
  /** Return only these concepts (matched exactly by id or by name). At most 200. */
  selectConcepts?: InputMaybe<Array<ConceptSelector>>;
};

/** The answer for one image. */
export type Prediction = {
  __typename?: 'Prediction';
  /** Concepts for the whole image, highest value first. */
  concepts: Array<Concept>;
  /** Which input this prediction answers. */
  input: PredictionInput;
  /** The model (and version) that answered. */
  model: ModelVersionRef;
  /** Detected objects, each with its box and concepts. Empty for models that only classify. */
  regions: Array<Region>;
  /** Whether this answer came from the prediction cache, and how old it is. */
  source: PredictionSource;
};

/** Identifies the input an item answers, so results can be matched even when read out of order. */
export type PredictionInput = {
  __typename?: 'PredictionInput';
  /** The position of the image in the `images` argument of `Query.predict` (0-based); always 0 for `Image.predictions`. */
  index: Scalars['Int']['output'];
  /** The SHA-256 (hex) of the bytes that were sent upstream, for base64 and file inputs. */
  sha256?: Maybe<Scalars['String']['output']>;
  /** The URL, for URL inputs. */
  url?: Maybe<Scalars['String']['output']>;
};

/** Where a prediction came from. Cached answers cost no upstream call (and nothing on Clarifai's bill). */
export type PredictionSource = {
  __typename?: 'PredictionSource';
  /** Seconds since the model produced this answer: 0 for a fresh one. */
  ageSeconds: Scalars['Float']['output'];
  /** Which cache answered: MEMORY (this replica) or REDIS (shared by the replicas); null when not cached. */
  cacheLevel?: Maybe<CacheLevel>;
  /** True when the answer was served from the prediction cache instead of the model. */
  cached: Scalars['Boolean']['output'];
};

/**
 * The root of every operation. Limits per operation (settings of the server, defaults in brackets): fields nested
 * at most MAX_QUERY_DEPTH deep [12] (`QUERY_TOO_DEEP`), at most MAX_PREDICT_FIELDS_PER_OPERATION `predict` and
 * `Image.predictions` fields, aliases included [32] (`TOO_MANY_PREDICT_FIELDS`), and at most MAX_IMAGES_PER_OPERATION
 * images over all of them together [1,024] (`TOO_MANY_IMAGES`). An operation over a limit is refused whole, before
 * any image is read, with HTTP 400.
 */
export type Query = {
  __typename?: 'Query';
  /**
   * Every model this server can use now: the embedded local models (which need no key and no network) and
   * Clarifai's general model. Any other Clarifai model id also works with `predict`; it is not listed here.
   */
  models: Array<Model>;
  /**
   * Predicts concepts for each image with one model. The result has one item per image, in the same
   * order as `images`. An image that fails gives `null` at its index and an error whose `path` ends in
   * that index, with a stable `extensions.code`; the other images are not affected.
   *
   * Images from all concurrent operations that target the same model (and credential and options) are
   * merged into upstream calls of up to 128 images, so many small operations cost few upstream calls.
   *
   * Errors for the whole field: `EMPTY_IMAGE_LIST` (no images), `INVALID_PREDICT_OPTIONS` (e.g. `maxConcepts`
   * outside 1–200), `BAD_USER_INPUT` (a malformed id). Errors for the whole operation: `TOO_MANY_IMAGES` (the
   * images of all `predict` fields and aliases together are over the server's cap, 1,024 by default).
   * Errors for one image: `INVALID_IMAGE_INPUT`, `INVALID_URL`, `INVALID_BASE64`, `MODEL_NOT_FOUND`,
   * `IMAGE_DOWNLOAD_FAILED`, `IMAGE_REJECTED`, `UPSTREAM_*` and the other `ErrorCode` values.
   */
  predict: Array<Maybe<Prediction>>;
  /** What the calling caller (its API key or token) has used of its image quotas in this minute and day, and what remains. */
  usage: Usage;
};


/**
 * The root of every operation. Limits per operation (settings of the server, defaults in brackets): fields nested
 * at most MAX_QUERY_DEPTH deep [12] (`QUERY_TOO_DEEP`), at most MAX_PREDICT_FIELDS_PER_OPERATION `predict` and
 * `Image.predictions` fields, aliases included [32] (`TOO_MANY_PREDICT_FIELDS`), and at most MAX_IMAGES_PER_OPERATION
 * images over all of them together [1,024] (`TOO_MANY_IMAGES`). An operation over a limit is refused whole, before
 * any image is read, with HTTP 400.
 */
export type QueryPredictArgs = {
  appId?: InputMaybe<Scalars['ID']['input']>;
  images: Array<ImageInput>;
  modelId: Scalars['ID']['input'];
  modelVersionId?: InputMaybe<Scalars['ID']['input']>;
  options?: InputMaybe<PredictOptions>;
  userId?: InputMaybe<Scalars['ID']['input']>;
};

/** One quota window. */
export type QuotaWindow = {
  __typename?: 'QuotaWindow';
  /** The limit of the window; null when unlimited. */
  limit?: Maybe<Scalars['Int']['output']>;
  /** Images left in the window; null when unlimited. */
  remaining?: Maybe<Scalars['Int']['output']>;
  /** Images held by operations in flight (counted as used until they are sent or given back). */
  reserved: Scalars['Int']['output'];
  /** When the window ends and its count starts again (ISO 8601, UTC). */
  resetsAt: Scalars['String']['output'];
  /** Images sent upstream in this window. */
  used: Scalars['Int']['output'];
};

/** An object detected in an image. */
export type Region = {
  __typename?: 'Region';
  /** Where the object is. */
  boundingBox: BoundingBox;
  /** Concepts for the object, highest value first. */
  concepts: Array<Concept>;
  /** The region's id, when the model gives one (unique within this prediction only). */
  id?: Maybe<Scalars['ID']['output']>;
};

/** A caller's consumption, as the quotas count it: images sent upstream (answers from the cache are free). */
export type Usage = {
  __typename?: 'Usage';
  /** Who the server takes the caller to be, as `kind:id`: `api-key:team-a`, `jwt:<sub>`, or `anonymous:anonymous` without authentication. */
  caller: Scalars['String']['output'];
  /** The current UTC day (midnight to midnight). */
  day: QuotaWindow;
  /** True while the shared quota store (Redis) is unreachable and this replica counts on its own. */
  degraded: Scalars['Boolean']['output'];
  /** The current UTC minute. */
  minute: QuotaWindow;
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Image: Image;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Image:
    ( { __typename: 'Image' }
    & GraphQLRecursivePick<FederationTypes['Image'], {"url":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  BoundingBox: ResolverTypeWrapper<BoundingBox>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  CacheLevel: CacheLevel;
  Concept: ResolverTypeWrapper<Concept>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  ConceptSelector: ConceptSelector;
  Image: ResolverTypeWrapper<Omit<Image, 'predictions'> & { predictions?: Maybe<ResolversTypes['Prediction']> }>;
  ImageInput: ImageInput;
  Model: ResolverTypeWrapper<Model>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ModelBackend: ModelBackend;
  ModelConcept: ResolverTypeWrapper<ModelConcept>;
  ModelVersionRef: ResolverTypeWrapper<ModelVersionRef>;
  PredictErrorCode: PredictErrorCode;
  PredictOptions: PredictOptions;
  Prediction: ResolverTypeWrapper<PredictionParent>;
  PredictionInput: ResolverTypeWrapper<PredictionInput>;
  PredictionSource: ResolverTypeWrapper<PredictionSource>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  QuotaWindow: ResolverTypeWrapper<QuotaWindow>;
  Region: ResolverTypeWrapper<Region>;
  Upload: ResolverTypeWrapper<Scalars['Upload']['output']>;
  Usage: ResolverTypeWrapper<Usage>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  BoundingBox: BoundingBox;
  Float: Scalars['Float']['output'];
  Concept: Concept;
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  ConceptSelector: ConceptSelector;
  Image: Omit<Image, 'predictions'> & { predictions?: Maybe<ResolversParentTypes['Prediction']> } | FederationReferenceTypes['Image'];
  ImageInput: ImageInput;
  Model: Model;
  Boolean: Scalars['Boolean']['output'];
  Int: Scalars['Int']['output'];
  ModelConcept: ModelConcept;
  ModelVersionRef: ModelVersionRef;
  PredictOptions: PredictOptions;
  Prediction: PredictionParent;
  PredictionInput: PredictionInput;
  PredictionSource: PredictionSource;
  Query: Record<PropertyKey, never>;
  QuotaWindow: QuotaWindow;
  Region: Region;
  Upload: Scalars['Upload']['output'];
  Usage: Usage;
}>;

export type BoundingBoxResolvers<ContextType = Context, ParentType extends ResolversParentTypes['BoundingBox'] = ResolversParentTypes['BoundingBox']> = ResolversObject<{
  bottom?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  left?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  right?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  top?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type ConceptResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Concept'] = ResolversParentTypes['Concept']> = ResolversObject<{
  appId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type ImageResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Image'] = ResolversParentTypes['Image'], FederationReferenceType extends FederationReferenceTypes['Image'] = FederationReferenceTypes['Image']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Image']> | FederationReferenceType, FederationReferenceType, ContextType>;
  predictions?: Resolver<Maybe<ResolversTypes['Prediction']>, ParentType, ContextType, RequireFields<ImagePredictionsArgs, 'modelId'>>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ModelResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Model'] = ResolversParentTypes['Model']> = ResolversObject<{
  available?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  backend?: Resolver<ResolversTypes['ModelBackend'], ParentType, ContextType>;
  conceptCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  concepts?: Resolver<Maybe<Array<ResolversTypes['ModelConcept']>>, ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  licence?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  returnsRegions?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  source?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  unavailableReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type ModelConceptResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ModelConcept'] = ResolversParentTypes['ModelConcept']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ModelVersionRefResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ModelVersionRef'] = ResolversParentTypes['ModelVersionRef']> = ResolversObject<{
  appId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  userId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  versionId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
}>;

export type PredictionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Prediction'] = ResolversParentTypes['Prediction']> = ResolversObject<{
  concepts?: Resolver<Array<ResolversTypes['Concept']>, ParentType, ContextType>;
  input?: Resolver<ResolversTypes['PredictionInput'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['ModelVersionRef'], ParentType, ContextType>;
  regions?: Resolver<Array<ResolversTypes['Region']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['PredictionSource'], ParentType, ContextType>;
}>;

export type PredictionInputResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PredictionInput'] = ResolversParentTypes['PredictionInput']> = ResolversObject<{
  index?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sha256?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  url?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type PredictionSourceResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PredictionSource'] = ResolversParentTypes['PredictionSource']> = ResolversObject<{
  ageSeconds?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  cacheLevel?: Resolver<Maybe<ResolversTypes['CacheLevel']>, ParentType, ContextType>;
  cached?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  models?: Resolver<Array<ResolversTypes['Model']>, ParentType, ContextType>;
  predict?: Resolver<Array<Maybe<ResolversTypes['Prediction']>>, ParentType, ContextType, RequireFields<QueryPredictArgs, 'images' | 'modelId'>>;
  usage?: Resolver<ResolversTypes['Usage'], ParentType, ContextType>;
}>;

export type QuotaWindowResolvers<ContextType = Context, ParentType extends ResolversParentTypes['QuotaWindow'] = ResolversParentTypes['QuotaWindow']> = ResolversObject<{
  limit?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  remaining?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  reserved?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  resetsAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  used?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type RegionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Region'] = ResolversParentTypes['Region']> = ResolversObject<{
  boundingBox?: Resolver<ResolversTypes['BoundingBox'], ParentType, ContextType>;
  concepts?: Resolver<Array<ResolversTypes['Concept']>, ParentType, ContextType>;
  id?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
}>;

export interface UploadScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Upload'], any> {
  name: 'Upload';
}

export type UsageResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Usage'] = ResolversParentTypes['Usage']> = ResolversObject<{
  caller?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  day?: Resolver<ResolversTypes['QuotaWindow'], ParentType, ContextType>;
  degraded?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  minute?: Resolver<ResolversTypes['QuotaWindow'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = Context> = ResolversObject<{
  BoundingBox?: BoundingBoxResolvers<ContextType>;
  Concept?: ConceptResolvers<ContextType>;
  Image?: ImageResolvers<ContextType>;
  Model?: ModelResolvers<ContextType>;
  ModelConcept?: ModelConceptResolvers<ContextType>;
  ModelVersionRef?: ModelVersionRefResolvers<ContextType>;
  Prediction?: PredictionResolvers<ContextType>;
  PredictionInput?: PredictionInputResolvers<ContextType>;
  PredictionSource?: PredictionSourceResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  QuotaWindow?: QuotaWindowResolvers<ContextType>;
  Region?: RegionResolvers<ContextType>;
  Upload?: GraphQLScalarType;
  Usage?: UsageResolvers<ContextType>;
}>;

