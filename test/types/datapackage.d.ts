// The Frictionless Data library (datapackage-js) ships no types: what the tests use of it.
declare module "datapackage" {
  interface CastError {
    message: string;
    errors?: { message: string }[];
  }
  export interface Resource {
    name: string;
    tabular: boolean;
    valid: boolean;
    errors: Error[];
    read(options: { keyed: true; cast?: boolean }): Promise<Record<string, unknown>[]>;
  }
  export interface Package {
    valid: boolean;
    errors: Error[];
    resources: Resource[];
    getResource(name: string): Resource | null;
  }
  const datapackage: {
    Package: {
      load(
        descriptor: string | object,
        options?: { basePath?: string; strict?: boolean },
      ): Promise<Package>;
    };
    Resource: { load(descriptor: object, options?: { basePath?: string }): Promise<Resource> };
  };
  export type { CastError };
  export default datapackage;
}
