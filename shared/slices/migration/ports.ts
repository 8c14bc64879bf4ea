/** Which session each imported external id became: the guard that makes a re-run import a session once. */
export interface SessionImportRegistry {
  /**
   * The session id of the external id: the stored one, or `candidate` if this call is the first (a conditional
   * write decides between concurrent first calls).
   */
  resolve(tenantId: string, externalId: string, candidate: string): Promise<string>;
}

/** What the migration slice adds to the dependencies. */
export interface MigrationDependencies {
  readonly sessionImports: SessionImportRegistry;
}
