/** Lists and small objects are JSON text in both dialects; these keep the casts in one place. */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

export function stringList(json: string): string[] {
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new Error('stored column is not a list of strings');
  }
  return value;
}

export function optionalStringList(json: string | null): string[] | null {
  return json === null ? null : stringList(json);
}
