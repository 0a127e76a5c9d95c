/**
 * Quotes text for an error message: escapes control characters (JSON string syntax) and shortens
 * long text, so a message stays readable whatever the input was.
 */
export function quote(text: string, limit = 160): string {
  return text.length <= limit
    ? JSON.stringify(text)
    : `${JSON.stringify(text.slice(0, limit))}… (${text.length} characters)`;
}

/** For fragments of the input inside a message that already quotes the whole input. */
export function quoteFragment(text: string): string {
  return quote(text, 48);
}
