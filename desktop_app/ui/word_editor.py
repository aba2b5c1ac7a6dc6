"""The line editor laid over one word of the transcript document, for fixing its spelling in
place (as Descript does). It only edits a string; the document view decides what a commit
does, and where the word is.

Enter commits, Tab and Shift+Tab commit and move to the next or previous word, losing focus
commits (like a spreadsheet cell), Escape cancels. Each editor ends once: the first of these
wins, and :meth:`WordEditor.discard` ends it silently.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit, QWidget

from desktop_app.ui.i18n import t

# Keys the editor keeps from the window's shortcuts (Esc cancels an analysis there, F2 edits
# a segment, Up/Down jump between segments) while it has the focus.
_OWN_KEYS = {
    Qt.Key.Key_Escape,
    Qt.Key.Key_Return,
    Qt.Key.Key_Enter,
    Qt.Key.Key_Tab,
    Qt.Key.Key_Backtab,
    Qt.Key.Key_F2,
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
}
# A focus change that is not the user leaving the word: a popup (the editor's own context
# menu, an input method's) or another window being activated; the editor stays open.
_STAY = {Qt.FocusReason.PopupFocusReason, Qt.FocusReason.ActiveWindowFocusReason}
_BORDER, _PAD = 1, 0  # px, in the style sheet
INSET = _BORDER + _PAD + 2  # from the editor's left edge to its text (QLineEdit keeps 2 px)


class WordEditor(QLineEdit):
    finished = Signal(int)  # 0: commit; 1 or -1: commit, then edit the next or previous word
    cancelled = Signal()

    def __init__(self, index: int, text: str, parent) -> None:
        super().__init__(text, parent)
        self.index = index  # the word, in the document view's words
        self._word = QRect()
        self._room = 0
        self._preedit = ""  # what an input method is composing, shown after the text
        self._done = False
        self.setObjectName("word-editor")
        self.setAccessibleName(t("Edit word"))
        self.setPlaceholderText(t("Type the word"))
        self.setFrame(False)
        self.setStyleSheet(  # the palette's colours, so it follows the dark and the light theme
            "QLineEdit#word-editor { background: palette(base); color: palette(text);"
            f" border: {_BORDER}px solid palette(highlight); border-radius: 3px; padding: 0 {_PAD}px;"
            " selection-background-color: palette(highlight); selection-color: palette(highlighted-text); }"
        )
        self.textChanged.connect(self._fit)

    # --- where it stands ----------------------------------------------------------------
    def place(self, word: QRect, room: int) -> None:
        """Lay the editor over ``word`` (its rectangle in the parent's coordinates), its text
        where the word's text is as far as ``room`` (the free pixels before the word) allows;
        it grows to the right as the text does."""
        self._word, self._room = QRect(word), room
        self._fit()

    def _fit(self) -> None:
        if self._word.isNull():
            return
        fm = self.fontMetrics()
        slack = fm.horizontalAdvance("M") + 2 * INSET
        shown = self.text() + self._preedit or self.placeholderText()
        width = max(self._word.width(), fm.horizontalAdvance(shown)) + slack
        height = max(self._word.height(), fm.height() + 2 * (_BORDER + 1))
        area = self.parentWidget().rect()
        width = min(width, area.width())
        x = max(area.left(), min(self._word.left() - min(INSET, self._room), area.right() + 1 - width))
        y = self._word.top() + (self._word.height() - height) // 2
        self.setGeometry(x, y, width, height)

    # --- keys and focus -------------------------------------------------------------------
    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in _OWN_KEYS:
            event.accept()  # these reach keyPressEvent, not the window's shortcuts
            return True
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            back = event.key() == Qt.Key.Key_Backtab or event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            self._end(-1 if back else 1)  # before QWidget moves the focus along the tab chain
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._end(0)
        elif event.key() == Qt.Key.Key_Escape:
            self._end(None)
        elif event.key() in _OWN_KEYS:
            event.accept()  # F2, Up, Down: nothing to do in one line
        else:
            super().keyPressEvent(event)

    def inputMethodEvent(self, event) -> None:
        super().inputMethodEvent(event)
        self._preedit = event.preeditString()
        self._fit()  # long pinyin being composed fits as typed text does

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        if event.reason() not in _STAY:
            self._end(0)

    def commit(self) -> None:
        """Commit now, as Enter does (the window acts on the project: save, export, close)."""
        self._end(0)

    def _end(self, step: int | None) -> None:
        if self._done:
            return
        self._done = True
        if step is None:
            self.cancelled.emit()
        else:
            self.finished.emit(step)

    def discard(self, focus: QWidget | None = None) -> None:
        """End silently: hide and delete, handing the focus (if it has it) to ``focus``."""
        self._done = True
        if focus is not None and self.hasFocus():
            focus.setFocus(Qt.FocusReason.OtherFocusReason)  # not to the next widget in the tab chain
        self.hide()
        self.deleteLater()


def typed_text(event) -> str:
    """What a key press types over a word: printable text without Ctrl, Alt or Meta; '' else."""
    others = event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)
    text = event.text()
    return text if not others and text.isprintable() and text.strip() else ""


class WordEditing:
    """At most one :class:`WordEditor`, over one of a document view's words.

    ``view`` is the :class:`~desktop_app.ui.document_view.DocumentView` (its ``words`` and
    viewport); ``fix(k, text)`` makes the change when an editor commits word ``k``. The view
    closes the editor whenever its document is laid out again: the word may be gone.
    """

    def __init__(self, view, fix: Callable[[int, str], None]) -> None:
        self.view, self.fix = view, fix
        self.editor: WordEditor | None = None

    def open(self, k: int, typed: str | None = None, *, focus: bool = True) -> bool:
        """Lay an editor over word ``k``, holding the word (all selected) or ``typed``. Text
        without word times (``word == -1``) has no word to fix: refused. Without ``focus``
        (an input method composing in the view: moving the focus would end the composition
        after its first syllable), the view keeps the focus until :meth:`settle`."""
        view = self.view
        if not 0 <= k < len(view.words) or view.words[k].word < 0:
            return False
        self.close()
        w = view.words[k]
        view.setTextCursor(self._cursor(w.char_start, w.char_end))
        view.ensureCursorVisible()
        editor = WordEditor(k, w.text if typed is None else typed, view.viewport())
        editor.finished.connect(lambda step, e=editor: self._commit(e, step))
        editor.cancelled.connect(self.close)
        self.editor = editor
        self.place()
        editor.show()
        if focus:
            editor.setFocus(Qt.FocusReason.OtherFocusReason)
        if typed is None:
            editor.selectAll()
        return True

    def commit(self) -> None:
        """Commit the edit in progress, if any (before the window saves, exports or closes)."""
        if self.editor is not None:
            self.editor.commit()

    def settle(self) -> None:
        """An editor opened without the focus, once the composition ended: it takes the focus
        if the view still has it (typing goes on there), else it commits, as leaving a word does."""
        editor = self.editor
        if editor is None or editor.hasFocus():
            return
        if self.view.hasFocus():
            editor.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            editor.commit()

    def view_lost_focus(self, reason: Qt.FocusReason) -> None:
        """The view lost the focus while an input method composed in the editor (a click
        elsewhere): settle once the focus has moved."""
        if self.editor is not None and not self.editor.hasFocus() and reason not in _STAY:
            QTimer.singleShot(0, self.settle)

    def close(self) -> None:
        """End the edit without committing it; the caret stays after the word."""
        editor, self.editor = self.editor, None
        if editor is not None:
            editor.discard(focus=self.view)
            self._caret_after(editor.index)

    def _caret_after(self, k: int) -> None:
        # a caret, not the word selected: typing J, K, L is the window's again, F2 edits again
        if k < len(self.view.words):
            self.view.setTextCursor(self._cursor(self.view.words[k].char_end))

    def _commit(self, editor: WordEditor, step: int) -> None:
        if editor is not self.editor:
            return
        k, text = editor.index, editor.text().strip()
        self.close()
        self.fix(k, text)
        self._caret_after(k)  # the document may have been laid out again
        words = self.view.words
        j = k + step
        while step and 0 <= j < len(words) and words[j].word < 0:
            j += step
        if step:
            self.open(j)  # refused past either end

    def place(self) -> None:
        if self.editor is not None:
            self.editor.place(self.word_rect(self.editor.index), self.room_before(self.editor.index))

    def word_rect(self, k: int) -> QRect:
        """Word ``k``'s box in the viewport, on the line it starts on."""
        view, w = self.view, self.view.words[k]
        first = view.cursorRect(self._cursor(w.char_start))
        end = view.cursorRect(self._cursor(w.char_end))
        right = end.left()
        if end.top() != first.top():  # the word ends its line: measure its last character
            last = view.cursorRect(self._cursor(w.char_end - 1))
            if last.top() == first.top():
                right = last.left() + view.fontMetrics().horizontalAdvance(w.text[-1])
            else:  # it wraps (a long run of CJK): to the edge
                right = view.viewport().width()
        return QRect(first.left(), first.top(), max(1, right - first.left()), first.height())

    def room_before(self, k: int) -> int:
        """Free pixels before word ``k``: a space's width, none where it follows another word
        directly (Chinese, Japanese), so the editor's edge never hides the word before."""
        view, at = self.view, self.view.words[k].char_start
        if at == 0 or not view.document().characterAt(at - 1).isspace():
            return 0
        first, prev = view.cursorRect(self._cursor(at)), view.cursorRect(self._cursor(at - 1))
        return first.left() - prev.left() if prev.top() == first.top() else first.left()

    def _cursor(self, a: int, b: int | None = None) -> QTextCursor:
        c = QTextCursor(self.view.document())
        c.setPosition(a)
        if b is not None:
            c.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        return c
