/** Thrown when a schema has a shape the library cannot present to a model. */
export class SchemaShapeError extends Error {
  override name = 'SchemaShapeError'
}
