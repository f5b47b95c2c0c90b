/**
 * The few parts of tfjs, Human and nsfwjs the worker touches, typed here by hand: the packages are
 * optional, so the build must not depend on their type declarations.
 */
export interface Tensor {
  dispose(): void;
}

export interface WeightsManifestGroup {
  paths: string[];
  weights: unknown[];
}

export interface Tf {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
  enableProdMode(): void;
  tensor3d(values: Uint8Array, shape: [number, number, number], dtype: 'int32'): Tensor;
  tensor4d(values: Uint8Array, shape: [number, number, number, number], dtype: 'int32'): Tensor;
  io: {
    registerLoadRouter(router: (url: string | string[]) => unknown): void;
    getModelArtifactsForJSON(json: unknown, loadWeights: (manifest: WeightsManifestGroup[]) => Promise<[unknown[], ArrayBuffer]>): Promise<unknown>;
  };
}

export interface TfWasm {
  setWasmPaths(prefix: string): void;
}

export interface HumanObject {
  label: string;
  score: number;
  boxRaw: [number, number, number, number];
}

export interface HumanInstance {
  readonly version: string;
  load(): Promise<void>;
  detect(input: Tensor): Promise<{ object: HumanObject[]; error?: string | null }>;
}

export interface HumanModule {
  Human: new (config: Record<string, unknown>) => HumanInstance;
}

export interface NsfwModel {
  classify(image: Tensor, topk: number): Promise<Array<{ className: string; probability: number }>>;
}

export interface NsfwModule {
  load(model: string): Promise<NsfwModel>;
}
