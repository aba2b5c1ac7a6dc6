"""The transcript as a document: paragraphs of words that flow and wrap, like Descript.

Each shown segment is a paragraph (its time and tag chips, then its words). Clicking a
word seeks there; during playback the current word is highlighted; selecting words and
pressing Delete cuts them (struck through and dimmed), Restore brings them back. F2, the
context menu, or typing over a selected word (an input method's pinyin too) fixes its
spelling in place, in a line editor laid over the word (:mod:`desktop_app.ui.word_editor`).
The view only reads the project and calls the document's commands; which words are cut
comes from the project's marks (:func:`cut_flags`).
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QInputMethodEvent,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QMenu, QTextEdit

from desktop_app.core.errors import CutmarkError
from desktop_app.core.timebase import format_clock
from desktop_app.session import commands as cmd
from desktop_app.session.session import shown_in_transcript
from desktop_app.ui.i18n import t
from desktop_app.ui.transcript_panel import chips
from desktop_app.ui.word_editor import WordEditing, WordEditor, typed_text

_NO_SPACE = {"zh", "yue", "ja"}  # scripts written without spaces between words


@dataclass(frozen=True)
class WordRef:
    segment: int  # index into the project's segments
    word: int  # index into the segment's words (-1: the segment's text had no word times)
    start_ms: int
    end_ms: int
    char_start: int  # position in the document
    char_end: int
    text: str


def _words_of(seg) -> list[tuple[int, str, int, int]]:
    if seg.words:
        return [(j, w.text, w.start_ms, w.end_ms) for j, w in enumerate(seg.words) if w.text]
    if seg.text:
        return [(-1, seg.text, seg.start_ms, seg.end_ms)]
    return []


def cut_flags(project, words: list[WordRef]) -> list[bool]:
    """For each word: is it cut by the user's marks (word cuts, segment cut marks, shortened
    pauses; the later mark winning)? The rule is :func:`desktop_app.edit.word_cuts.cut_word_mask`;
    a segment's text without word times counts as cut when its middle is."""
    from desktop_app.edit.word_cuts import cut_word_mask

    if not words or not (project.edits or {}).get("cuts"):
        return [False] * len(words)
    mask = cut_word_mask(project.analysis.segments, project.edits)
    kept = None  # what the marks keep, for text without word times (made once, when needed)
    out = []
    for w in words:
        if w.word >= 0:
            out.append(mask[w.segment][w.word])
            continue
        if kept is None:
            from desktop_app.edit.user import apply_user_marks

            plan = apply_user_marks(None, project.edits, project.analysis.media.duration_ms or 1)
            kept = ([r.start_ms for r in plan.ranges], [r.end_ms for r in plan.ranges])
        mid = (w.start_ms + w.end_ms) // 2
        i = bisect.bisect_right(kept[0], mid) - 1
        out.append(not (i >= 0 and mid < kept[1][i]))
    return out


def fold(text: str) -> str:
    """Search form of a text: NFKC (full/half width alike) and case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


class DocumentView(QTextEdit):
    seek_requested = Signal(int)

    def __init__(self, doc, parent=None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setUndoRedoEnabled(False)
        self.setObjectName("transcript-document")
        self.words: list[WordRef] = []
        self._starts: list[int] = []  # char_start of each word, for clicks and selections
        self._times: list[int] = []  # start_ms of each word, for the playhead
        self._flags: list[bool] = []
        self._paragraph_of: dict[int, int] = {}  # segment index -> first char of its paragraph
        self._current: int | None = None
        self._matches: list[tuple[int, int]] = []  # (char_start, char_end) of search matches
        self._match_index = -1
        self._plain = ""
        self._rebuild_pending = False
        self._editing = WordEditing(self, self._fix_word)  # at most one word fixed in place
        doc.changed.connect(self._on_changed)
        self.selectionChanged.connect(self._sync_restore_state)
        self.selectionChanged.connect(self._sync_input_method)
        self._rebuild()

    # --- building -----------------------------------------------------------------
    def _formats(self) -> tuple[QTextCharFormat, QTextCharFormat, QTextCharFormat]:
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.Text)
        base = pal.color(QPalette.ColorRole.Base)
        dim = QColor(
            *(round(a + (b - a) * 0.45) for a, b in zip(text.getRgb()[:3], base.getRgb()[:3], strict=True))
        )
        normal = QTextCharFormat()
        normal.setForeground(text)
        meta = QTextCharFormat()
        meta.setForeground(dim)
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        meta.setFont(small)
        cut = QTextCharFormat()
        cut.setForeground(dim)
        cut.setFontStrikeOut(True)
        return normal, meta, cut

    def _rebuild(self) -> None:
        """Lay the whole project out again (a new project, or segments split/merged)."""
        project = self.doc.project
        self.close_editor()  # its word may be gone or spelled otherwise now
        self.words, self._paragraph_of = [], {}
        self.clear()
        if project is None:
            self._starts, self._times, self._flags, self._plain = [], [], [], ""
            return
        normal, meta, _cut = self._formats()
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        block = QTextBlockFormat()
        block.setBottomMargin(6)  # paragraphs read as paragraphs
        block.setLineHeight(115, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        cursor.setBlockFormat(block)
        hours = project.analysis.media.duration_ms >= 3_600_000
        first = True
        for i, seg in enumerate(project.analysis.segments):
            words = _words_of(seg)
            if not (words or shown_in_transcript(seg)):
                continue
            if not first:
                cursor.insertBlock(block)
            first = False
            self._paragraph_of[i] = cursor.position()
            cursor.insertText(format_clock(seg.start_ms, hours=hours)[:-2] + "  ", meta)
            for chip, color in chips(seg, language=False):
                fmt = QTextCharFormat(meta)
                fmt.setBackground(QColor(color))
                fmt.setForeground(QColor("#000000" if QColor(color).lightness() > 140 else "#FFFFFF"))
                cursor.insertText(f" {chip} ", fmt)
                cursor.insertText(" ", meta)
            joiner = "" if seg.language in _NO_SPACE else " "
            for k, (j, text, start, end) in enumerate(words):
                if k:
                    cursor.insertText(joiner, normal)
                at = cursor.position()
                cursor.insertText(text, normal)
                self.words.append(WordRef(i, j, start, end, at, cursor.position(), text))
        cursor.endEditBlock()
        self._starts = [w.char_start for w in self.words]
        self._times = [w.start_ms for w in self.words]
        self._plain = self.document().toPlainText()
        self._flags = [False] * len(self.words)
        self._apply_flags(cut_flags(project, self.words))
        self._current = None
        self._refresh_extra()

    def _apply_flags(self, flags: list[bool]) -> None:
        """Strike or unstrike only the words whose state changed (an edit touches a few)."""
        normal, _meta, cut = self._formats()
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        for k, (old, new) in enumerate(zip(self._flags, flags, strict=True)):
            if old != new:
                w = self.words[k]
                cursor.setPosition(w.char_start)
                cursor.setPosition(w.char_end, QTextCursor.MoveMode.KeepAnchor)
                cursor.setCharFormat(cut if new else normal)
        cursor.endEditBlock()
        self._flags = flags

    def _layout_key(self, project) -> tuple:
        return tuple(
            (s.start_ms, s.end_ms, s.text, s.emotion, s.event, len(s.words))
            for s in project.analysis.segments
        )

    def _on_changed(self) -> None:
        self.close_editor()  # any change (an undo, another project) ends an edit, uncommitted
        project = self.doc.project
        key = self._layout_key(project) if project is not None else None
        if key != getattr(self, "_key", object()) or len(self._flags) != len(self.words):
            self._key = key
            self._rebuild()
        else:  # only marks changed: restrike the words whose state moved
            self._apply_flags(cut_flags(project, self.words))

    # --- reading positions -------------------------------------------------------------
    def word_at_char(self, pos: int) -> int | None:
        k = bisect.bisect_right(self._starts, pos) - 1
        if k < 0:
            return None
        return k if pos <= self.words[k].char_end else None

    def selected_words(self) -> list[int]:
        """Indices of the words the selection touches (the word under the caret without one)."""
        c = self.textCursor()
        if not c.hasSelection():
            k = self.word_at_char(c.position())
            return [] if k is None else [k]
        a, b = c.selectionStart(), c.selectionEnd()
        lo = bisect.bisect_right(self._starts, a) - 1
        lo = max(0, lo)
        out = []
        for k in range(lo, len(self.words)):
            w = self.words[k]
            if w.char_start >= b:
                break
            if w.char_end > a:
                out.append(k)
        return out

    def selected_spans(self) -> tuple[tuple[int, int], ...]:
        return tuple((self.words[k].start_ms, self.words[k].end_ms) for k in self.selected_words())

    def is_cut(self, k: int) -> bool:
        return self._flags[k]

    # --- playback --------------------------------------------------------------------------
    def follow(self, ms: int) -> None:
        """Highlight the word under the playhead (cheap: an extra selection, no relayout)."""
        k = bisect.bisect_right(self._times, ms) - 1
        if k >= 0 and ms >= self.words[k].end_ms + 400:
            k = -1  # in a pause: nothing is being said
        k = None if k < 0 else k
        if k == self._current:
            return
        self._current = k
        self._refresh_extra()
        if k is not None and not self.textCursor().hasSelection() and self.editor is None:
            c = QTextCursor(self.document())
            c.setPosition(self.words[k].char_start)
            rect = self.cursorRect(c)
            if not self.viewport().rect().contains(rect):
                self.setTextCursor(c)
                self.ensureCursorVisible()

    def _refresh_extra(self) -> None:
        extra = []
        pal = self.palette()
        for a, b in self._matches:
            sel = QTextEdit.ExtraSelection()
            sel.format.setBackground(QColor("#F5D742"))
            sel.format.setForeground(QColor("#000000"))
            sel.cursor = self._span_cursor(a, b)
            extra.append(sel)
        if self._current is not None:
            w = self.words[self._current]
            sel = QTextEdit.ExtraSelection()
            sel.format.setBackground(pal.color(QPalette.ColorRole.Highlight).lighter(130))
            sel.format.setProperty(QTextFormat.Property.FullWidthSelection, False)
            sel.cursor = self._span_cursor(w.char_start, w.char_end)
            extra.append(sel)
        self.setExtraSelections(extra)

    def _span_cursor(self, a: int, b: int) -> QTextCursor:
        c = QTextCursor(self.document())
        c.setPosition(a)
        c.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        return c

    # --- find ---------------------------------------------------------------------------
    def find_all(self, query: str) -> int:
        """Highlight every match of ``query`` (case- and width-insensitive); returns the count."""
        self._matches, self._match_index = [], -1
        q = fold(query.strip())
        if q:
            # fold character by character, keeping where each folded char came from
            folded, origin = [], []
            for i, ch in enumerate(self._plain):
                f = fold(ch)
                folded.append(f)
                origin.extend([i] * len(f))
            text = "".join(folded)
            start = text.find(q)
            while start >= 0:
                a, b = origin[start], origin[start + len(q) - 1] + 1
                k = self.word_at_char(a)
                if k is not None and a < self.words[k].char_end:  # in the words, not a time or a chip
                    self._matches.append((a, b))
                start = text.find(q, start + len(q))
        self._refresh_extra()
        return len(self._matches)

    def next_match(self, step: int = 1) -> int:
        """Go to the next (or previous) match; returns its number (1-based), 0 when none."""
        if not self._matches:
            return 0
        self._match_index = (self._match_index + step) % len(self._matches)
        a, b = self._matches[self._match_index]
        self.setTextCursor(self._span_cursor(a, b))
        self.ensureCursorVisible()
        k = self.word_at_char(a)
        if k is not None:
            self.seek_requested.emit(self.words[k].start_ms)
        return self._match_index + 1

    def match_spans(self) -> tuple[tuple[int, int], ...]:
        """The times of the words the matches cover."""
        spans = []
        for a, b in self._matches:
            for k in range(max(0, bisect.bisect_right(self._starts, a) - 1), len(self.words)):
                w = self.words[k]
                if w.char_start >= b:
                    break
                if w.char_end > a:
                    spans.append((w.start_ms, w.end_ms))
        return tuple(dict.fromkeys(spans))

    # --- editing ----------------------------------------------------------------------------
    def cut_selection(self) -> bool:
        spans = self.selected_spans()
        return bool(spans) and self._run(cmd.CutWords(spans))

    def restore_selection(self) -> bool:
        spans = tuple(
            s for k, s in zip(self.selected_words(), self.selected_spans(), strict=True) if self._flags[k]
        )
        return bool(spans) and self._run(cmd.RestoreWords(spans))

    def _run(self, command) -> bool:
        try:
            return self.doc.run(command)
        except CutmarkError as exc:
            self._say(exc.message, 8000)
            return False

    def _say(self, text: str, ms: int) -> None:
        bar = getattr(self.window(), "statusBar", None)  # the main window's; none when shown alone
        if bar is not None:
            bar().showMessage(text, ms)

    def _sync_restore_state(self) -> None:
        ks = self.selected_words()
        self.setProperty("can_restore", any(self._flags[k] for k in ks) if ks else False)

    # --- fixing a word in place (the editor itself: desktop_app.ui.word_editor) -----------------
    def edit_word(self) -> bool:
        """Fix the (first) selected word's spelling in a line editor over it; its time stays."""
        ks = self.selected_words()
        return bool(ks) and self.open_editor(ks[0])

    def open_editor(self, k: int, typed: str | None = None, *, focus: bool = True) -> bool:
        """The editor over word ``k``, holding the word or, opened by typing, what was typed
        (without ``focus``: an input method composes in it, see :meth:`inputMethodEvent`)."""
        opened = self._editing.open(k, typed, focus=focus)
        if opened:
            self._say(t("Enter saves the word, Esc cancels, Tab goes to the next word"), 5000)
        return opened

    @property
    def editor(self) -> WordEditor | None:
        return self._editing.editor

    def close_editor(self) -> None:
        self._editing.close()

    def commit_pending(self) -> None:
        """Make the change of the word being fixed, if one is (before the window saves,
        exports, closes or otherwise acts on the project): one undo step, as Enter."""
        self._editing.commit()

    def _fix_word(self, k: int, text: str) -> None:
        """The editor's commit: one undoable step; nothing for an empty or unchanged word."""
        w = self.words[k]
        if text and text != w.text:
            scroll = self.verticalScrollBar().value()
            self._run(cmd.SetWordText(w.segment, w.word, text))
            self.verticalScrollBar().setValue(scroll)  # the rebuild started from the top

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._editing.place()  # the words may wrap differently (scrolling moves it by itself)

    def _word_to_type_over(self) -> int | None:
        """The word typing replaces, as in a text editor: the one selected word (with a time).
        A bare caret takes no typing, so the window's one-key shortcuts (J, K, L…) still work
        after a click."""
        if not self.textCursor().hasSelection():
            return None
        ks = self.selected_words()
        return ks[0] if len(ks) == 1 and self.words[ks[0]].word >= 0 else None

    def _word_to_edit(self, event) -> int | None:
        """The word a key press opens the editor on: F2, the (first) selected word; a typed
        character, :meth:`_word_to_type_over`."""
        if event.key() == Qt.Key.Key_F2 and not event.modifiers():
            ks = self.selected_words()
            return ks[0] if ks and self.words[ks[0]].word >= 0 else None
        return self._word_to_type_over() if typed_text(event) else None

    # --- input methods (pinyin, Japanese, Korean): typing over a word composes in its editor ----
    def _sync_input_method(self) -> None:
        # on only over one selected word: with a caret, an input method would swallow J, K, L
        on = self._word_to_type_over() is not None
        if on != self.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled):
            self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, on)

    def inputMethodQuery(self, query, *args):
        editor = self.editor
        if editor is not None and not editor.hasFocus():  # composing in the editor: it answers
            if query == Qt.InputMethodQuery.ImEnabled:
                return True
            value = editor.inputMethodQuery(query)
            if isinstance(value, QRect | QRectF):  # where the text being composed is: in our coordinates
                at = editor.mapTo(self, QPoint(0, 0))
                return value.translated(at.x(), at.y())
            return value
        k = self._word_to_type_over()
        if query == Qt.InputMethodQuery.ImEnabled:
            return k is not None
        if k is not None and query in (
            Qt.InputMethodQuery.ImCursorRectangle,
            Qt.InputMethodQuery.ImAnchorRectangle,
        ):
            # the candidate window opens at the word (in the widget's coordinates, not the viewport's)
            return self._editing.word_rect(k).translated(self.viewport().pos())
        return super().inputMethodQuery(query, *args)

    def inputMethodEvent(self, event) -> None:
        """An input method's first text over one selected word opens the editor on it and
        hands it the text, composed or still being composed; with a bare caret it is ignored
        (never the base class's: it would write into the read-only document). While the
        composition lasts the view keeps the focus and passes each step on: moving the focus
        would end it (Qt and the platforms' input methods commit or cancel on a focus change);
        once it ends, after the input method's own handling, the editor takes the focus and
        typing goes on there."""
        if self.editor is None:
            k = self._word_to_type_over()
            if k is None or not (event.commitString() or event.preeditString()):
                event.ignore()
                return
            if not self.open_editor(k, "", focus=False):
                event.ignore()
                return
        QCoreApplication.sendEvent(self.editor, QInputMethodEvent(event))
        event.accept()
        if not event.preeditString():
            QTimer.singleShot(0, self._editing.settle)  # after the input method has finished

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self._editing.view_lost_focus(event.reason())

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and self._word_to_edit(event) is not None:
            event.accept()  # F2 and typing reach keyPressEvent, not the window's shortcuts
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.cut_selection()
            return
        k = self._word_to_edit(event)
        if k is not None:
            self.open_editor(k, typed_text(event) or None)  # a typed character replaces the word
            return
        super().keyPressEvent(event)  # moving, shift-selecting, copying

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            k = self.word_at_char(self.cursorForPosition(event.position().toPoint()).position())
            if k is not None:
                self.seek_requested.emit(self.words[k].start_ms)

    def contextMenuEvent(self, event) -> None:
        menu = QMenu(self)
        cut = menu.addAction(t("Cut the selected words") + "\tDel", self.cut_selection)
        restore = menu.addAction(t("Restore the selected words"), self.restore_selection)
        ks = self.selected_words()
        cut.setEnabled(bool(ks))
        restore.setEnabled(any(self._flags[k] for k in ks))
        edit = menu.addAction(t("Edit word…") + "\tF2", self.edit_word)
        edit.setEnabled(bool(ks) and self.words[ks[0]].word >= 0)
        menu.exec(event.globalPos())

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange and not self._rebuild_pending:
            self._rebuild_pending = True  # the theme changed: recolour once, after the change settles
            QTimer.singleShot(0, self._recolour)

    def _recolour(self) -> None:
        self._rebuild_pending = False
        self._rebuild()
