import {
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  type Theme,
} from '@fluentui/react-components';
import type { HostTheme } from './host/teams';

export const themes: Record<HostTheme, Theme> = {
  default: teamsLightTheme,
  dark: teamsDarkTheme,
  contrast: teamsHighContrastTheme,
};

/** Outside Teams: ?theme=dark|light|contrast (kept for the visit), else the system's preference. */
export function browserTheme(): HostTheme {
  const asked = new URLSearchParams(location.search).get('theme');
  if (asked) sessionStorage.setItem('conduct.theme', asked);
  const chosen = asked ?? sessionStorage.getItem('conduct.theme');
  if (chosen === 'dark' || chosen === 'contrast') return chosen;
  if (chosen === 'light') return 'default';
  if (window.matchMedia('(forced-colors: active)').matches) return 'contrast';
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'default';
}
