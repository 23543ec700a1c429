/** Image formats and problems, apart from the codec so that a build without images never loads sharp. */

/** The format each image extension promises. */
export const EXTENSION_FORMATS: Record<string, string> = {
  jpg: 'jpeg',
  jpeg: 'jpeg',
  png: 'png',
  webp: 'webp',
  avif: 'avif',
  tif: 'tiff',
  tiff: 'tiff',
  gif: 'gif',
  svg: 'svg',
};

/** An image gazette cannot use, with a reason a writer understands. */
export class ImageProblem extends Error {}

/** What probing an image finds. */
export interface ImageProbe {
  format: string;
  /** Size with EXIF orientation applied. */
  width: number;
  height: number;
  hasAlpha: boolean;
}

/** One file to make from a decoded image. */
export type EncodeTarget =
  | {
      kind: 'resize';
      width: number;
      format: OutputFormat;
      quality: number;
      effort: number;
      file: string;
      /** A PNG at its own width: the source itself (metadata stripped) is written instead when it is smaller. */
      asIs?: boolean;
    }
  | { kind: 'crop'; ratio: number; width: number; height: number; focus: { x: number; y: number }; quality: number; file: string };

export type OutputFormat = 'avif' | 'webp' | 'jpeg' | 'png';
