import { COCO_LABELS, cocoConceptId } from './coco-labels.js';

export type LocalModelKind = 'moderation' | 'objects';

export interface LocalConcept {
  id: string;
  name: string;
}

/** What the embedded backend can run; also the source of the README's model table. */
export interface LocalModelInfo {
  id: string;
  kind: LocalModelKind;
  description: string;
  concepts: readonly LocalConcept[];
  returnsRegions: boolean;
  /**
   * Side of the square RGB input the worker resizes every image to: the model's own input size, so
   * the model does not resize again (if it differs, the model resizes: slower, still correct).
   */
  inputSize: number;
  /** npm package that ships the weights; its version becomes the result's versionId. */
  weightsPackage: string;
  source: string;
  licence: string;
}

export const LOCAL_MODERATION_ID = 'local-moderation';
export const LOCAL_OBJECTS_ID = 'local-objects';

/** nsfwjs class names (softmax output order) and which side of the sfw/nsfw pair each one counts for. */
export const NSFW_CLASSES = [
  { className: 'Drawing', id: 'nsfw_drawing', name: 'drawing', safe: true },
  { className: 'Hentai', id: 'nsfw_hentai', name: 'hentai', safe: false },
  { className: 'Neutral', id: 'nsfw_neutral', name: 'neutral', safe: true },
  { className: 'Porn', id: 'nsfw_porn', name: 'porn', safe: false },
  { className: 'Sexy', id: 'nsfw_sexy', name: 'sexy', safe: false },
] as const;

export const SFW_CONCEPT: LocalConcept = { id: 'sfw', name: 'sfw' };
export const NSFW_CONCEPT: LocalConcept = { id: 'nsfw', name: 'nsfw' };

export const LOCAL_MODELS: readonly LocalModelInfo[] = [
  {
    id: LOCAL_MODERATION_ID,
    kind: 'moderation',
    description:
      'Content moderation (nsfwjs MobileNetV2, 224x224): five classes plus an overall sfw/nsfw pair ' +
      '(sfw = neutral + drawing), like Clarifai’s NSFW model.',
    concepts: [SFW_CONCEPT, NSFW_CONCEPT, ...NSFW_CLASSES.map(({ id, name }) => ({ id, name }))],
    returnsRegions: false,
    inputSize: 224,
    weightsPackage: 'nsfwjs',
    source: 'npm nsfwjs 4.3.0 (infinitered/nsfwjs; weights from GantMan/nsfw_model)',
    licence: 'MIT',
  },
  {
    id: LOCAL_OBJECTS_ID,
    kind: 'objects',
    description:
      'Object detection (CenterNet-MobileNetV3 from @vladmandic/human, 512x512) over the 80 COCO ' +
      'classes: image concepts are the best score per class, regions carry the boxes.',
    concepts: COCO_LABELS.map((label) => ({ id: cocoConceptId(label), name: label })),
    returnsRegions: true,
    inputSize: 512,
    weightsPackage: '@vladmandic/human',
    source: 'npm @vladmandic/human 3.3.6, models/centernet.{json,bin} (upstream 610265158/mobilenetv3_centernet, trained on COCO)',
    licence: 'MIT (package); the upstream weights repository states no licence',
  },
];

export function findLocalModel(id: string): LocalModelInfo | undefined {
  return LOCAL_MODELS.find((m) => m.id === id);
}
