import { GraphQLUpload } from 'graphql-upload-ts';
import type { Resolvers } from '../../generated/resolvers-types.js';
import { Image } from './image-entity.js';
import { models } from './query-models.js';
import { predict } from './query-predict.js';
import { usage } from './query-usage.js';

export const resolvers: Resolvers = {
  Upload: GraphQLUpload,
  Query: { predict, models, usage },
  Image,
};
