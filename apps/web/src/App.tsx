import { useState } from 'react';
import { BoardPage } from './board/BoardPage.tsx';
import { boardIdFromPath } from './board/link.ts';
import { initialLocale, messages, storeLocale, type Locale } from './i18n/messages.ts';
import { StartPage } from './start/StartPage.tsx';

/** `/` is the start page; `/b/:boardId#token=…` opens a board. */
export function App() {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const t = messages[locale];
  const boardId = boardIdFromPath(location.pathname);

  const toggleLocale = () => {
    const next: Locale = locale === 'nl' ? 'en' : 'nl';
    storeLocale(next);
    document.documentElement.lang = next;
    setLocale(next);
  };
  const languageSwitch = (
    <button type="button" className="link-button" onClick={toggleLocale} lang={locale === 'nl' ? 'en' : 'nl'}>
      {t.language}
    </button>
  );

  if (boardId) return <BoardPage boardId={boardId} t={t} locale={locale} languageSwitch={languageSwitch} />;
  return (
    <main>
      <header>
        <h1>Koppelbord</h1>
        {languageSwitch}
      </header>
      <p>{t.tagline}</p>
      <StartPage t={t} locale={locale} />
    </main>
  );
}
