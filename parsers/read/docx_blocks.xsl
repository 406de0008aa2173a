<?xml version="1.0" encoding="utf-8"?>
<!-- The body of a Word document (word/document.xml) as a small tree the .docx reader walks
     (parsers/read/docx_reader.py): one pass in libxslt instead of a Python call per run, cell and property.

     <p s="style id"> per body paragraph: <n> per numId of its own numbering, <l> its text, <x> per
       paragraph of its text boxes;
     <t> per table: <r b="gridBefore"> per row, <c g="gridSpan" m="vMerge"> per cell with an <l> per
       paragraph and text-box paragraph and a <t> per nested table, in order; a cell of one paragraph
       without text boxes (most cells) holds its text alone.
     An attribute is left out when its element is; b, g and s are empty when their element has no
     w:val, which it requires, and `invalid` then names that element; m is "continue" then, as Word
     reads a vMerge without value.
     Text as python-docx's Paragraph.text: the pieces of runs and hyperlinked runs (text, tabs, line
     breaks; page and column breaks print nothing).  Text boxes: the outermost, not the VML copy
     Word keeps as a fallback.  Content controls (w:sdt) and tracked insertions are not walked. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
    exclude-result-prefixes="w mc">

  <xsl:template match="/">
    <body>
      <xsl:for-each select="w:document/w:body[1]/*[self::w:p or self::w:tbl]">
        <xsl:choose>
          <xsl:when test="self::w:tbl"><xsl:apply-templates select="." mode="table"/></xsl:when>
          <xsl:otherwise>
            <p>
              <xsl:apply-templates select="w:pPr[1]/w:pStyle[1]" mode="required">
                <xsl:with-param name="name" select="'s'"/>
              </xsl:apply-templates>
              <xsl:for-each select="w:pPr/w:numPr/w:numId/@w:val"><n><xsl:value-of select="."/></n></xsl:for-each>
              <xsl:apply-templates select="." mode="lines"/>
            </p>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </body>
  </xsl:template>

  <!-- an attribute `name` with the element's w:val; without one, `invalid` names the element -->
  <xsl:template match="*" mode="required">
    <xsl:param name="name"/>
    <xsl:attribute name="{$name}"><xsl:value-of select="@w:val"/></xsl:attribute>
    <xsl:if test="not(@w:val)"><xsl:attribute name="invalid">w:<xsl:value-of select="local-name()"/></xsl:attribute></xsl:if>
  </xsl:template>

  <xsl:template match="w:tbl" mode="table">
    <t>
      <xsl:for-each select="w:tr">
        <r>
          <xsl:apply-templates select="w:trPr[1]/w:gridBefore[1]" mode="required">
            <xsl:with-param name="name" select="'b'"/>
          </xsl:apply-templates>
          <xsl:for-each select="w:tc">
            <c>
              <xsl:apply-templates select="w:tcPr[1]/w:gridSpan[1]" mode="required">
                <xsl:with-param name="name" select="'g'"/>
              </xsl:apply-templates>
              <xsl:for-each select="w:tcPr[1]/w:vMerge[1]">
                <xsl:attribute name="m">
                  <xsl:choose>
                    <xsl:when test="@w:val"><xsl:value-of select="@w:val"/></xsl:when>
                    <xsl:otherwise>continue</xsl:otherwise>
                  </xsl:choose>
                </xsl:attribute>
              </xsl:for-each>
              <xsl:choose>
                <xsl:when test="not(w:tbl or w:p[2] or w:p//w:txbxContent)">
                  <xsl:apply-templates select="w:p" mode="text"/>
                </xsl:when>
                <xsl:otherwise>
                  <xsl:for-each select="w:p | w:tbl">
                    <xsl:choose>
                      <xsl:when test="self::w:tbl"><xsl:apply-templates select="." mode="table"/></xsl:when>
                      <xsl:otherwise><xsl:apply-templates select="." mode="lines"/></xsl:otherwise>
                    </xsl:choose>
                  </xsl:for-each>
                </xsl:otherwise>
              </xsl:choose>
            </c>
          </xsl:for-each>
        </r>
      </xsl:for-each>
    </t>
  </xsl:template>

  <!-- a paragraph's own text as <l>, then its text boxes' paragraphs as <x> -->
  <xsl:template match="w:p" mode="lines">
    <l><xsl:apply-templates select="." mode="text"/></l>
    <xsl:for-each select=".//w:txbxContent[not(ancestor::mc:Fallback)][not(ancestor::w:txbxContent)]">
      <xsl:for-each select=".//w:p[not(ancestor::mc:Fallback)]">
        <x><xsl:apply-templates select="." mode="text"/></x>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="w:p" mode="text">
    <xsl:apply-templates select="w:r/* | w:hyperlink/w:r/*" mode="piece"/>
  </xsl:template>

  <xsl:template match="w:t" mode="piece"><xsl:value-of select="."/></xsl:template>
  <xsl:template match="w:br" mode="piece">
    <xsl:if test="not(@w:type) or @w:type = 'textWrapping'"><xsl:text>&#10;</xsl:text></xsl:if>
  </xsl:template>
  <xsl:template match="w:tab | w:ptab" mode="piece"><xsl:text>&#9;</xsl:text></xsl:template>
  <xsl:template match="w:cr" mode="piece"><xsl:text>&#10;</xsl:text></xsl:template>
  <xsl:template match="w:noBreakHyphen" mode="piece">-</xsl:template>
  <xsl:template match="*" mode="piece"/>
</xsl:stylesheet>
