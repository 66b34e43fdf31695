"""The words teachers use, in every shipped language, for what docgen reads.

Labels are what docgen prints; these are what it reads: the column
headers of a class list saved from a spreadsheet, and the words a teacher
may type for a content key before they know its English name. Every shipped
language (docgen/i18n/locales) has its words here; the tests check it.
Words are compared without case or accents, so ``Prénom`` and ``prenom``
are the same word.
"""

from __future__ import annotations

import unicodedata

# A class list's columns: role -> language -> header words.
#   first: the given name; last: the family name; full: the whole name in one column.
ROSTER_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "first": {"en": ("first name", "firstname", "given name", "forename", "first"),
              "es": ("nombre", "nombres"), "fr": ("prénom", "prénoms"), "de": ("vorname", "rufname"),
              "it": ("nome",), "pt": ("nome", "primeiro nome", "prenome"), "nl": ("voornaam", "roepnaam")},
    "last": {"en": ("last name", "lastname", "surname", "family name"),
             "es": ("apellidos", "apellido", "apellido 1"), "fr": ("nom", "nom de famille"),
             "de": ("nachname", "familienname", "name"), "it": ("cognome",),
             "pt": ("sobrenome", "apelido", "apelidos"), "nl": ("achternaam", "familienaam")},
    "full": {"en": ("name", "full name", "student", "student name", "pupil"),
             "es": ("nombre completo", "alumno", "alumna", "estudiante"),
             "fr": ("nom complet", "nom et prénom", "nom prénom", "élève"),
             "de": ("vollständiger name", "schüler", "schülerin"),
             "it": ("nome e cognome", "nome completo", "alunno", "alunna", "studente"),
             "pt": ("nome completo", "aluno", "aluna", "estudante"),
             "nl": ("naam", "volledige naam", "leerling")},
    "version": {"en": ("version",), "es": ("versión",), "fr": ("version",), "de": ("version", "fassung"),
                "it": ("versione",), "pt": ("versão",), "nl": ("versie",)},
    "edition": {"en": ("edition",), "es": ("edición",), "fr": ("édition",), "de": ("ausgabe",),
                "it": ("edizione",), "pt": ("edição",), "nl": ("editie", "uitgave")},
}

# Content keys: key -> language -> the words for it ("réponse" is `answer`).
KEY_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "title": {"es": ("título",), "fr": ("titre",), "de": ("titel",), "it": ("titolo",), "pt": ("título",),
              "nl": ("titel",)},
    "subtitle": {"es": ("subtítulo",), "fr": ("sous-titre",), "de": ("untertitel",), "it": ("sottotitolo",),
                 "pt": ("subtítulo",), "nl": ("ondertitel",)},
    "subject": {"es": ("asignatura", "materia"), "fr": ("matière", "discipline"), "de": ("fach",),
                "it": ("materia",), "pt": ("disciplina", "matéria"), "nl": ("vak",)},
    "level": {"es": ("nivel", "curso"), "fr": ("niveau", "classe"), "de": ("stufe", "klasse", "niveau"),
              "it": ("livello", "classe"), "pt": ("nível", "ano", "série"), "nl": ("niveau", "klas")},
    "summary": {"es": ("resumen",), "fr": ("résumé",), "de": ("zusammenfassung",), "it": ("riassunto", "sintesi"),
                "pt": ("resumo",), "nl": ("samenvatting",)},
    "objectives": {"es": ("objetivos",), "fr": ("objectifs",), "de": ("lernziele", "ziele"), "it": ("obiettivi",),
                   "pt": ("objetivos",), "nl": ("leerdoelen", "doelen")},
    "sections": {"es": ("secciones", "apartados"), "fr": ("sections", "parties"), "de": ("abschnitte",),
                 "it": ("sezioni",), "pt": ("secções", "seções"), "nl": ("secties", "paragrafen")},
    "heading": {"es": ("encabezado",), "fr": ("intertitre",), "de": ("überschrift",), "it": ("intestazione",),
                "pt": ("cabeçalho",), "nl": ("kop",)},
    "body": {"es": ("texto", "cuerpo"), "fr": ("texte", "corps"), "de": ("text",), "it": ("testo", "corpo"),
             "pt": ("texto", "corpo"), "nl": ("tekst",)},
    "terms": {"es": ("términos", "vocabulario"), "fr": ("termes", "vocabulaire"), "de": ("begriffe", "fachbegriffe"),
              "it": ("termini", "lessico"), "pt": ("termos", "vocabulário"), "nl": ("begrippen",)},
    "term": {"es": ("término",), "fr": ("terme", "mot"), "de": ("begriff",), "it": ("termine",), "pt": ("termo",),
             "nl": ("begrip",)},
    "definition": {"es": ("definición",), "fr": ("définition",), "de": ("definition", "erklärung"),
                   "it": ("definizione",), "pt": ("definição",), "nl": ("definitie", "betekenis")},
    "questions": {"es": ("preguntas", "ejercicios"), "fr": ("questions", "exercices"), "de": ("fragen", "aufgaben"),
                  "it": ("domande", "esercizi"), "pt": ("perguntas", "questões", "exercícios"),
                  "nl": ("vragen", "opdrachten")},
    "type": {"es": ("tipo",), "fr": ("genre",), "de": ("typ", "art"), "it": ("tipo",), "pt": ("tipo",),
             "nl": ("soort",)},
    "prompt": {"es": ("pregunta", "enunciado", "consigna"), "fr": ("consigne", "question", "énoncé"),
               "de": ("frage", "aufgabe", "aufgabenstellung"), "it": ("domanda", "consegna"),
               "pt": ("pergunta", "enunciado", "questão"), "nl": ("vraag", "opdracht")},
    "answer": {"es": ("respuesta", "solución"), "fr": ("réponse", "solution", "corrigé"),
               "de": ("antwort", "lösung"), "it": ("risposta", "soluzione"), "pt": ("resposta", "solução"),
               "nl": ("antwoord", "oplossing")},
    "accept": {"es": ("aceptar", "también"), "fr": ("accepter", "aussi"), "de": ("akzeptieren", "auch"),
               "it": ("accettare", "anche"), "pt": ("aceitar", "também"), "nl": ("accepteren", "ook")},
    "options": {"es": ("opciones",), "fr": ("choix", "propositions"), "de": ("optionen", "auswahl"),
                "it": ("opzioni", "scelte"), "pt": ("opções", "alternativas"), "nl": ("opties", "keuzes")},
    "points": {"es": ("puntos",), "fr": ("barème", "note"), "de": ("punkte",), "it": ("punti", "punteggio"),
               "pt": ("pontos", "cotação"), "nl": ("punten",)},
    "explanation": {"es": ("explicación",), "fr": ("explication",), "de": ("erklärung", "begründung"),
                    "it": ("spiegazione",), "pt": ("explicação",), "nl": ("uitleg",)},
    "hint": {"es": ("pista", "ayuda"), "fr": ("indice", "aide"), "de": ("hinweis", "tipp"),
             "it": ("suggerimento", "aiuto"), "pt": ("dica", "ajuda"), "nl": ("tip",)},
    "statement": {"es": ("afirmación", "enunciado"), "fr": ("affirmation",), "de": ("aussage", "behauptung"),
                  "it": ("affermazione",), "pt": ("afirmação",), "nl": ("stelling", "bewering")},
    "lines": {"es": ("líneas",), "fr": ("lignes",), "de": ("zeilen",), "it": ("righe",), "pt": ("linhas",),
              "nl": ("regels",)},
    "text": {"es": ("texto",), "fr": ("texte",), "de": ("lückentext",), "it": ("testo",), "pt": ("texto",),
             "nl": ("tekst",)},
    "pairs": {"es": ("pares", "parejas"), "fr": ("paires", "couples"), "de": ("paare",), "it": ("coppie",),
              "pt": ("pares",), "nl": ("paren",)},
    "left": {"es": ("izquierda",), "fr": ("gauche",), "de": ("links",), "it": ("sinistra",), "pt": ("esquerda",),
             "nl": ("links",)},
    "right": {"es": ("derecha",), "fr": ("droite",), "de": ("rechts",), "it": ("destra",), "pt": ("direita",),
              "nl": ("rechts",)},
    "statements": {"es": ("afirmaciones",), "fr": ("affirmations",), "de": ("aussagen",), "it": ("affermazioni",),
                   "pt": ("afirmações",), "nl": ("stellingen",)},
    "image": {"es": ("imagen",), "fr": ("illustration", "photo"), "de": ("bild",), "it": ("immagine",),
              "pt": ("imagem",), "nl": ("afbeelding",)},
    "date": {"es": ("fecha",), "fr": ("date",), "de": ("datum",), "it": ("data",), "pt": ("data",),
             "nl": ("datum",)},
    "lang": {"es": ("idioma", "lengua"), "fr": ("langue",), "de": ("sprache",), "it": ("lingua",),
             "pt": ("idioma", "língua"), "nl": ("taal",)},
}


def folded(word: str) -> str:
    """``Prénom `` -> ``prenom``; ``first_name`` -> ``first name``: how words are compared."""
    text = unicodedata.normalize("NFKD", word.strip().casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.replace("_", " ").replace("-", " ").split())


def roster_role(header: str) -> set[str]:
    """The roles a column header can have (``nom``: last; ``name``: full, or last beside a first name)."""
    word = folded(header)
    return {role for role, languages in ROSTER_COLUMNS.items()
            if any(word == folded(candidate) for words in languages.values() for candidate in words)}


def key_for_word(word: str, keys: list[str]) -> str | None:
    """The content key (among ``keys``) a word of a shipped language stands for: ``réponse`` -> ``answer``."""
    wanted = folded(word)
    for key in keys:
        for words in KEY_WORDS.get(key, {}).values():
            if any(wanted == folded(candidate) for candidate in words):
                return key
    return None


def _add(table: dict[str, dict[str, tuple[str, ...]]], language: str, words: dict[str, tuple[str, ...]]) -> None:
    for key, found in words.items():
        table[key][language] = found


# Russian and Chinese (Simplified): the catalogs that came with the print-quality work.
_add(ROSTER_COLUMNS, "ru", {"first": ("имя",), "last": ("фамилия",), "full": ("фио", "ученик", "ученица", "учащийся"),
                            "version": ("вариант", "версия"), "edition": ("издание", "редакция")})
_add(ROSTER_COLUMNS, "zh", {"first": ("名",), "last": ("姓",), "full": ("姓名", "名字", "学生", "学生姓名"),
                            "version": ("版本", "卷"), "edition": ("版次",)})
_add(KEY_WORDS, "ru", {
    "title": ("заголовок", "название"), "subtitle": ("подзаголовок",), "subject": ("предмет",),
    "level": ("класс", "уровень"), "summary": ("аннотация", "резюме"), "objectives": ("цели",),
    "sections": ("разделы",), "heading": ("подзаголовок раздела",), "body": ("текст",),
    "terms": ("термины", "словарь"), "term": ("термин",), "definition": ("определение",),
    "questions": ("вопросы", "задания"), "type": ("тип",), "prompt": ("вопрос", "задание", "формулировка"),
    "answer": ("ответ", "решение"), "accept": ("принимать", "также"), "options": ("варианты",),
    "points": ("баллы",), "explanation": ("объяснение", "пояснение"), "hint": ("подсказка",),
    "statement": ("утверждение",), "lines": ("строки",), "text": ("текст с пропусками",),
    "pairs": ("пары",), "left": ("слева",), "right": ("справа",), "statements": ("утверждения",),
    "image": ("изображение", "картинка"), "date": ("дата",), "lang": ("язык",)})
_add(KEY_WORDS, "zh", {
    "title": ("标题", "题目"), "subtitle": ("副标题",), "subject": ("学科", "科目"), "level": ("年级",),
    "summary": ("摘要", "概要"), "objectives": ("学习目标", "目标"), "sections": ("章节", "部分"),
    "heading": ("小标题",), "body": ("正文",), "terms": ("术语", "词汇"), "term": ("术语词",),
    "definition": ("定义",), "questions": ("问题", "练习"), "type": ("类型", "题型"),
    "prompt": ("题干", "提问"), "answer": ("答案",), "accept": ("也接受",), "options": ("选项",),
    "points": ("分数", "分值"), "explanation": ("解析", "解释"), "hint": ("提示",), "statement": ("判断",),
    "lines": ("行数",), "text": ("填空文本",), "pairs": ("配对",), "left": ("左",), "right": ("右",),
    "statements": ("陈述",), "image": ("图片", "图像"), "date": ("日期",), "lang": ("语言",)})
