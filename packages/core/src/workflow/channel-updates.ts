/**
 * One update a workflow accepts (Temporal's update): `static updates = { setLimit: { validator } }` beside a
 * method of the same name, its handler. The engine runs `validator` (with `this` the live workflow, so it can
 * read its properties; it must not change them) when the update arrives: a string refuses the update with
 * `UpdateRefusedError`, nothing recorded. It runs live only, never on replay: a step it asks for (`inline`,
 * `random()`, `uuid()`, a task, ...) throws and refuses the update ("its validator is not read-only"). Accepted, the update is recorded (`UpdateAccepted`), the handler runs
 * (it may await steps like any workflow code), and its result is recorded (`UpdateCompleted`) and returned to
 * the caller of `handle.update`.
 */
export interface UpdateDeclaration {
  readonly validator?: (value: never) => string | undefined;
}

/** The updates of a workflow class, by name. */
export type UpdateDeclarations = { readonly [name: string]: UpdateDeclaration };

/** Any update handler, as a handle of an undeclared class sees it. */
export type AnyUpdateHandler = (value?: unknown) => unknown;

/**
 * The handlers of a workflow class's declared updates (the methods named in `static updates`), by name, for a
 * typed `handle.update`; any name and value when it declares none.
 */
export type UpdateHandlers<K> = K extends { readonly updates: infer D; new (): infer W }
  ? { [N in keyof D & keyof W & string]: W[N] extends (...args: infer A) => infer R ? (...args: A) => R : never }
  : Record<string, AnyUpdateHandler>;
