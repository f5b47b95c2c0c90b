import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { PredictionParent } from '../graphql/resolvers/prediction-parent.js';
import type { Context } from '../graphql/context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
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

/** The model that produced a prediction. */
export type ModelVersionRef = {
  __typename?: 'ModelVersionRef';
  /** The app holding the model. */
  appId?: Maybe<Scalars['String']['output']>;
  /** The model's id. */
  id: Scalars['ID']['output'];
  /** The model owner's user id. */
  userId?: Maybe<Scalars['String']['output']>;
  /** The version that answered. */
  versionId?: Maybe<Scalars['ID']['output']>;
};

/** Settings for the concepts returned (Clarifai's output_config). */
export type PredictOptions = {
  /**
   * Turn byte inputs upright before prediction when their EXIF orientation is not 1 (Clarifai ignores
   * EXIF). Default: true, or the server's AUTO_ORIENT setting. URL inputs are never changed.
   */
  autoOrient?: InputMaybe<Scalars['Boolean']['input']>;
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
  /** Which input this prediction belongs to. */
  input: PredictionInput;
  /** The model (and version) that answered. */
  model: ModelVersionRef;
  /** Detected objects, each with its box and concepts. Empty for models that only classify. */
  regions: Array<Region>;
};

/** Identifies the input an item answers, so results can be matched even when read out of order. */
export type PredictionInput = {
  __typename?: 'PredictionInput';
  /** The position of the image in the `images` argument (0-based). */
  index: Scalars['Int']['output'];
  /** The SHA-256 (hex) of the bytes that were sent upstream, for base64 and file inputs. */
  sha256?: Maybe<Scalars['String']['output']>;
  /** The URL, for URL inputs. */
  url?: Maybe<Scalars['String']['output']>;
};

export type Query = {
  __typename?: 'Query';
  /**
   * Predicts concepts for each image with one model. The result has one item per image, in the same
   * order as `images`. An image that fails gives `null` at its index and an error whose `path` ends in
   * that index, with a stable `extensions.code`; the other images are not affected.
   *
   * Images from all concurrent operations that target the same model (and credential and options) are
   * merged into upstream calls of up to 128 images, so many small operations cost few upstream calls.
   *
   * Errors for the whole field: `EMPTY_IMAGE_LIST` (no images), `TOO_MANY_IMAGES` (over the server's
   * per-operation cap, 1,024 by default), `INVALID_PREDICT_OPTIONS` (e.g. `maxConcepts` outside 1–200).
   * Errors for one image: `INVALID_IMAGE_INPUT`, `INVALID_URL`, `INVALID_BASE64`, `MODEL_NOT_FOUND`,
   * `IMAGE_DOWNLOAD_FAILED`, `IMAGE_REJECTED`, `UPSTREAM_*` and the other `ErrorCode` values.
   */
  predict: Array<Maybe<Prediction>>;
};


export type QueryPredictArgs = {
  appId?: InputMaybe<Scalars['ID']['input']>;
  images: Array<ImageInput>;
  modelId: Scalars['ID']['input'];
  modelVersionId?: InputMaybe<Scalars['ID']['input']>;
  options?: InputMaybe<PredictOptions>;
  userId?: InputMaybe<Scalars['ID']['input']>;
};

/** An object detected in an image. */
export type Region = {
  __typename?: 'Region';
  /** Where the object is. */
  boundingBox: BoundingBox;
  /** Concepts for the object, highest value first. */
  concepts: Array<Concept>;
  /** The region's id, when the model gives one. */
  id?: Maybe<Scalars['ID']['output']>;
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;


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





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  BoundingBox: ResolverTypeWrapper<BoundingBox>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Concept: ResolverTypeWrapper<Concept>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  ConceptSelector: ConceptSelector;
  ImageInput: ImageInput;
  ModelVersionRef: ResolverTypeWrapper<ModelVersionRef>;
  PredictOptions: PredictOptions;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Prediction: ResolverTypeWrapper<PredictionParent>;
  PredictionInput: ResolverTypeWrapper<PredictionInput>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Region: ResolverTypeWrapper<Region>;
  Upload: ResolverTypeWrapper<Scalars['Upload']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  BoundingBox: BoundingBox;
  Float: Scalars['Float']['output'];
  Concept: Concept;
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  ConceptSelector: ConceptSelector;
  ImageInput: ImageInput;
  ModelVersionRef: ModelVersionRef;
  PredictOptions: PredictOptions;
  Boolean: Scalars['Boolean']['output'];
  Int: Scalars['Int']['output'];
  Prediction: PredictionParent;
  PredictionInput: PredictionInput;
  Query: Record<PropertyKey, never>;
  Region: Region;
  Upload: Scalars['Upload']['output'];
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
}>;

export type PredictionInputResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PredictionInput'] = ResolversParentTypes['PredictionInput']> = ResolversObject<{
  index?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sha256?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  url?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  predict?: Resolver<Array<Maybe<ResolversTypes['Prediction']>>, ParentType, ContextType, RequireFields<QueryPredictArgs, 'images' | 'modelId'>>;
}>;

export type RegionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Region'] = ResolversParentTypes['Region']> = ResolversObject<{
  boundingBox?: Resolver<ResolversTypes['BoundingBox'], ParentType, ContextType>;
  concepts?: Resolver<Array<ResolversTypes['Concept']>, ParentType, ContextType>;
  id?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
}>;

export interface UploadScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Upload'], any> {
  name: 'Upload';
}

export type Resolvers<ContextType = Context> = ResolversObject<{
  BoundingBox?: BoundingBoxResolvers<ContextType>;
  Concept?: ConceptResolvers<ContextType>;
  ModelVersionRef?: ModelVersionRefResolvers<ContextType>;
  Prediction?: PredictionResolvers<ContextType>;
  PredictionInput?: PredictionInputResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Region?: RegionResolvers<ContextType>;
  Upload?: GraphQLScalarType;
}>;

