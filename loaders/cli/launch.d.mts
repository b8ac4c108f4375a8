// The types of launch.mjs (plain JavaScript: it runs before any TypeScript can).
export function isFresh(bundle: string, sourcesFile: string, also?: string[]): boolean;
export function bundleCli(file?: string): Promise<string[]>;
export function run(): Promise<void>;
