/** What a request that names no owner gets, and how many images one operation may ask for. */
export interface PredictDefaults {
  userId: string;
  appId: string;
  maxImagesPerOperation: number;
}
