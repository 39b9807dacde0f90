/** The URL with its password replaced by `****`, safe to print. Unparseable input is masked after `:` in userinfo. */
export function maskDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "****";
    return parsed.toString();
  } catch {
    return url.replace(/(\/\/[^:/@]*:)[^@]*@/, "$1****@");
  }
}
