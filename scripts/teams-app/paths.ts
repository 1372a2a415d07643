import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

/** Where the manifest template and the committed icons live. */
export const manifestDir = path.join(root, 'manifest');
export const templateFile = path.join(manifestDir, 'manifest.template.json');
export const iconFiles = {
  colour: path.join(manifestDir, 'icons', 'color.png'),
  outline: path.join(manifestDir, 'icons', 'outline.png'),
} as const;

/** Where `npm run package:teams` writes the app package unless told otherwise. */
export const defaultPackageFile = path.join(root, 'dist', 'teams', 'conduct.zip');
export const packageJsonFile = path.join(root, 'package.json');
