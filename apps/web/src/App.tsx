import { useState } from 'react';
import { initialLocale, messages, storeLocale, type Locale } from './i18n.ts';
import { StartPage } from './StartPage.tsx';

/** `/` is the start page; `/b/:boardId#token=…` opens a board (the board client is the next issue). */
export function App() {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const t = messages[locale];
  const boardId = location.pathname.match(/^\/b\/([A-Za-z0-9_-]+)/)?.[1];

  const toggleLocale = () => {
    const next: Locale = locale === 'nl' ? 'en' : 'nl';
    storeLocale(next);
    document.documentElement.lang = next;
    setLocale(next);
  };

  return (
    <main>
      <header>
        <h1>Koppelbord</h1>
        <button type="button" className="link-button" onClick={toggleLocale} lang={locale === 'nl' ? 'en' : 'nl'}>
          {t.language}
        </button>
      </header>
      <p>{t.tagline}</p>
      {boardId ? (
        <section>
          <p>{t.boardComingSoon}</p>
          <a href="/">{t.back}</a>
        </section>
      ) : (
        <StartPage t={t} />
      )}
    </main>
  );
}
