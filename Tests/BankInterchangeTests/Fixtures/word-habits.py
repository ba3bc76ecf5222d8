# Writes word-habits.docx: habits of Word users the text template must read — blanks typed as underlined spaces,
# an option table with each letter in a cell of its own, and options lettered by one automatic list that runs on
# from question to question (Word shows E–H for the second question). Run: python3 word-habits.py
import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

document = docx.Document()
numbering = document.part.numbering_part.element
numbering.append(parse_xml(
    f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:multiLevelType w:val="singleLevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1."/></w:lvl>'
    '</w:abstractNum>'))
numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))


def lettered(text):
    paragraph = document.add_paragraph(text)
    properties = paragraph._p.get_or_add_pPr()
    properties.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))


document.add_paragraph("干部教育培训题库")
stem = document.add_paragraph("1. 干部工作坚持")
stem.add_run("      ").underline = True
stem.add_run("的原则。")
document.add_paragraph("答案：党管干部")

document.add_paragraph("2. 选拔任用干部必须坚持（  ）")
table = document.add_table(rows=2, cols=4)
for row, cells in enumerate([["A", "德才兼备", "B", "任人唯亲"], ["C", "论资排辈", "D", "求全责备"]]):
    for column, text in enumerate(cells):
        table.cell(row, column).text = text
document.add_paragraph("答案：A")

document.add_paragraph("3. 党管干部是（  ）")
for text in ["根本原则", "一般原则", "次要原则", "临时原则"]:
    lettered(text)
document.add_paragraph("答案：A")
document.add_paragraph("4. 下列属于干部标准的有（  ）")
for text in ["信念坚定", "为民服务", "勤政务实", "敢于担当"]:
    lettered(text)
document.add_paragraph("答案：ABCD")
document.save("word-habits.docx")
