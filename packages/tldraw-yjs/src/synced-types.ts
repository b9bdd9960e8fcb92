/**
 * Which record types a binding keeps in the doc: every document-scope type of the store's
 * schema (so custom shapes and record types are included without being named), minus the ones
 * the app keeps local on purpose (`BindOptions.excludeTypeNames`).
 */
export class SyncedTypes {
  readonly #document: ReadonlySet<string>;
  readonly #excluded: ReadonlySet<string>;

  constructor(documentTypes: ReadonlySet<string>, excludeTypeNames: readonly string[] = []) {
    this.#document = documentTypes;
    this.#excluded = new Set(excludeTypeNames);
  }

  /** Whether records of this type go from the store to the doc and back. */
  has(typeName: string): boolean {
    return this.#document.has(typeName) && !this.#excluded.has(typeName);
  }

  /** Whether the app keeps this type local: such records in the doc are skipped without a warning. */
  isExcluded(typeName: string): boolean {
    return this.#excluded.has(typeName);
  }
}
