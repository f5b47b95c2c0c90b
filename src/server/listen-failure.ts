/** The one line a person sees when the service cannot listen, naming the setting that fixes it. */
export function listenFailure(err: unknown, host: string, port: number): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const where = `${host}:${port}`;
  switch (code) {
    case 'EADDRINUSE':
      return `Cannot listen on ${where}: the port is already in use (another copy of this service?). Stop it or set PORT to a free port.`;
    case 'EACCES':
      return `Cannot listen on ${where}: permission denied (ports below 1024 need privileges). Set PORT to 1024 or above.`;
    case 'EADDRNOTAVAIL':
      return `Cannot listen on ${where}: no such address on this machine. Check HOST.`;
    default:
      return `Cannot listen on ${where}: ${err instanceof Error ? err.message : String(err)}`;
  }
}
