import { useState } from 'react';
import type { BoardLanguage } from '@koppelbord/contract';
import { archivePath } from './archive/path.ts';
import { BoardPage } from './board/BoardPage.tsx';
import { boardIdFromPath } from './board/board-url.ts';
import { nextLanguage, storedLanguage, storeLanguage, useDocumentLanguage } from './i18n/language.ts';
import { messages } from './i18n/messages.ts';
import { deferred, DeferredPart } from './lazy/deferred.tsx';

// A board page does not carry the start and archive pages (lazy/deferred.tsx).
const StartPage = deferred('StartPage', () => import('./start/StartPage.tsx').then((module) => module.StartPage));
const ArchivePage = deferred('ArchivePage', () => import('./archive/index.ts').then((module) => module.ArchivePage));

/** `/` is the start page; `/b/:boardId#token=…` opens a board; `/archief` is the archive page. */
export function App() {
  const [locale, setLocale] = useState<BoardLanguage>(storedLanguage);
  const t = messages[locale];
  useDocumentLanguage(locale);
  const boardId = boardIdFromPath(location.pathname);

  const other = nextLanguage(locale);
  const toggleLocale = () => {
    storeLanguage(other);
    setLocale(other);
  };
  const languageSwitch = (
    <button type="button" className="link-button" onClick={toggleLocale} lang={other}>
      {t.language}
    </button>
  );

  if (boardId) return <BoardPage boardId={boardId} t={t} locale={locale} languageSwitch={languageSwitch} />;
  if (location.pathname === archivePath) {
    return (
      <main className="wide">
        <header>
          <h1>{t.archive.title}</h1>
          {languageSwitch}
        </header>
        <p>
          <a href="/">{t.back}</a>
        </p>
        <DeferredPart t={t}>
          <ArchivePage t={t} locale={locale} />
        </DeferredPart>
      </main>
    );
  }
  return (
    <main>
      <header>
        <h1>Koppelbord</h1>
        {languageSwitch}
      </header>
      <p>{t.tagline}</p>
      <DeferredPart t={t}>
        <StartPage t={t} locale={locale} />
      </DeferredPart>
    </main>
  );
}
