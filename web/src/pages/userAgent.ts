/**
 * A browser's User-Agent in plain words: "Chrome on Windows", "Safari on iPhone". Only
 * the well-known browsers and systems are named; anything else is "An unknown browser".
 */
export function describeUserAgent(ua: string): string {
  const browser = browserOf(ua);
  const system = systemOf(ua);
  if (!browser && !system) return ua.trim() ? 'An unknown browser' : 'An unknown device';
  if (!system) return browser ?? 'An unknown browser';
  return `${browser ?? 'A browser'} on ${system}`;
}

function browserOf(ua: string): string | undefined {
  // Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
  if (/\bEdgA?\/|\bEdgiOS\//.test(ua)) return 'Edge';
  if (/\bOPR\/|\bOpera\b/.test(ua)) return 'Opera';
  if (/\bSamsungBrowser\//.test(ua)) return 'Samsung Internet';
  if (/\bFirefox\/|\bFxiOS\//.test(ua)) return 'Firefox';
  if (/\bVouch\b|\bElectron\//.test(ua)) return 'the Vouch app';
  if (/\bHeadlessChrome\//.test(ua)) return 'Chrome (automated)';
  if (/\bChrome\/|\bCriOS\/|\bChromium\//.test(ua)) return 'Chrome';
  if (/\bSafari\//.test(ua) && /\bVersion\//.test(ua)) return 'Safari';
  if (/\bcurl\//i.test(ua)) return 'curl';
  return undefined;
}

function systemOf(ua: string): string | undefined {
  if (/\biPhone\b/.test(ua)) return 'iPhone';
  if (/\biPad\b/.test(ua)) return 'iPad';
  if (/\bAndroid\b/.test(ua)) return 'Android';
  if (/\bCrOS\b/.test(ua)) return 'ChromeOS';
  if (/\bWindows\b/.test(ua)) return 'Windows';
  if (/\bMac OS X\b|\bMacintosh\b/.test(ua)) return 'macOS';
  if (/\bLinux\b/.test(ua)) return 'Linux';
  return undefined;
}
