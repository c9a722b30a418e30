/** Object URLs for images fetched through the API (the CSP allows blob: images). */
export function blobUrl(bytes: Uint8Array, mime: string): string {
  return URL.createObjectURL(new Blob([bytes.slice().buffer], { type: mime }))
}

export function revokeUrl(url: string): void {
  URL.revokeObjectURL(url)
}
