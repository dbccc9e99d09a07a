<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../desktop_ocr/gui/about_dialog.py"/>
        <source>About Desktop OCR</source>
        <translation>关于 Desktop OCR</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/about_dialog.py"/>
        <source>Licence: Apache-2.0. It uses other free software under their own licences.</source>
        <translation>许可证：Apache-2.0。本软件使用的其他自由软件遵循各自的许可证。</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/about_dialog.py"/>
        <source>Local, offline OCR for screenshots, documents and video frames. Nothing leaves your computer.</source>
        <translation>本地离线识别截图、文档和视频画面中的文字。所有数据都不会离开您的电脑。</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/about_dialog.py"/>
        <source>Text recognition: PP-OCRv4 models on ONNX Runtime {0}. Interface: Qt {1} (PySide6). Python {2}.</source>
        <translation>文字识别：PP-OCRv4 模型，基于 ONNX Runtime {0}。界面：Qt {1}（PySide6）。Python {2}。</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/about_dialog.py"/>
        <source>The software Desktop OCR uses and their licences (in their original English):</source>
        <translation>Desktop OCR 使用的软件及其许可证（英文原文）：</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/about_dialog.py"/>
        <source>Third-party notices</source>
        <translation>第三方声明</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/about_dialog.py"/>
        <source>Third-party notices…</source>
        <translation>第三方声明…</translation>
    </message>
</context>
<context>
    <name>AppActions</name>
    <message>
        <location filename="../../desktop_ocr/gui/app_actions.py"/>
        <source>&amp;About Desktop OCR…</source>
        <translation>关于 Desktop OCR(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/app_actions.py"/>
        <source>&amp;Capture text</source>
        <translation>截图识别(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/app_actions.py"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/app_actions.py"/>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/app_actions.py"/>
        <source>Capture</source>
        <translation>截图识别</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/app_actions.py"/>
        <source>Capture hotkey, keywords, models and performance</source>
        <translation>截图快捷键、关键词、模型和性能</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/app_actions.py"/>
        <source>Capture text from the screen</source>
        <translation>从屏幕截图识别文字</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/app_actions.py"/>
        <source>Capture text from the screen ({0})</source>
        <translation>从屏幕截图识别文字（{0}）</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/app_actions.py"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
<context>
    <name>AppContext</name>
    <message>
        <location filename="../../desktop_ocr/gui/composition.py"/>
        <source>Video review — Desktop OCR</source>
        <translation>视频审查 — Desktop OCR</translation>
    </message>
</context>
<context>
    <name>CaptureController</name>
    <message>
        <location filename="../../desktop_ocr/gui/capture_controller.py"/>
        <source>(+1 more line)</source>
        <translation>（另有 1 行）</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/capture_controller.py"/>
        <source>(+{0} more lines)</source>
        <translation>（另有 {0} 行）</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/capture_controller.py"/>
        <source>Capture failed</source>
        <translation>截图识别失败</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/capture_controller.py"/>
        <source>Global shortcuts are not available on this desktop; start a capture from the tray menu or bind the command `desktop-ocr capture` to a shortcut in the desktop&apos;s settings.</source>
        <translation>此桌面环境不支持全局快捷键：请从托盘菜单开始截图识别，或在桌面系统设置中把命令 `desktop-ocr capture` 绑定到快捷键。</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/capture_controller.py"/>
        <source>Keywords: {0}</source>
        <translation>关键词：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/capture_controller.py"/>
        <source>No text found</source>
        <translation>未识别到文字</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/capture_controller.py"/>
        <source>Reading the capture failed: {0}</source>
        <translation>识别截图失败：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/capture_controller.py"/>
        <source>Screen capture is not available: no graphical session was found.</source>
        <translation>无法截图：未找到图形会话。</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/capture_controller.py"/>
        <source>Text copied</source>
        <translation>文字已复制</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/capture_controller.py"/>
        <source>Text copied – keywords found</source>
        <translation>文字已复制 – 发现关键词</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/capture_controller.py"/>
        <source>Text read</source>
        <translation>文字已识别</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/capture_controller.py"/>
        <source>Text read – keywords found</source>
        <translation>文字已识别 – 发现关键词</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/capture_controller.py"/>
        <source>The screen could not be captured: {0}</source>
        <translation>无法截取屏幕：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/capture_controller.py"/>
        <source>The selected region holds no text that could be read.</source>
        <translation>所选区域中没有可识别的文字。</translation>
    </message>
</context>
<context>
    <name>ExportFormat</name>
    <message>
        <location filename="../../desktop_ocr/core/formats.py"/>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/core/formats.py"/>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/core/formats.py"/>
        <source>JSON Lines</source>
        <translation>JSON Lines（每行一条）</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/core/formats.py"/>
        <source>Keyword hits, CSV</source>
        <translation>关键词命中，CSV</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/core/formats.py"/>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/core/formats.py"/>
        <source>Searchable PDF</source>
        <translation>可搜索的 PDF</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/core/formats.py"/>
        <source>Text</source>
        <translation>纯文本</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/core/formats.py"/>
        <source>Word document</source>
        <translation>Word 文档</translation>
    </message>
</context>
<context>
    <name>ImageView</name>
    <message>
        <location filename="../../desktop_ocr/gui/image_view.py"/>
        <source>Capture text from the screen with {0}</source>
        <translation>按 {0} 从屏幕截图识别文字</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/image_view.py"/>
        <source>Drop images, PDFs or folders here
or open them with Ctrl+O, paste an image with Ctrl+V</source>
        <translation>将图片、PDF 或文件夹拖放到这里
或按 Ctrl+O 打开，按 Ctrl+V 粘贴图片</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/image_view.py"/>
        <source>Enter keeps the correction, Esc cancels</source>
        <translation>按 Enter 保存更正，按 Esc 取消</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/image_view.py"/>
        <source>Page image</source>
        <translation>页面图像</translation>
    </message>
</context>
<context>
    <name>KeywordPanel</name>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_panel.py"/>
        <source># …	A comment line</source>
        <translation># …	注释行</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_panel.py"/>
        <source>Add the keywords of a list file (UTF-8, one per line)</source>
        <translation>添加列表文件中的关键词（UTF-8 编码，每行一个）</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_panel.py"/>
        <source>All files</source>
        <translation>所有文件</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_panel.py"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_panel.py"/>
        <source>Keyword hits</source>
        <translation>关键词命中</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_panel.py"/>
        <source>Keyword lists</source>
        <translation>关键词列表</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_panel.py"/>
        <source>Keyword syntax</source>
        <translation>关键词语法</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_panel.py"/>
        <source>Keywords</source>
        <translation>关键词</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_panel.py"/>
        <source>Latin keywords match whole words only: “the” is not found in “their”. Untick to match inside words too. w: or s: in front of a keyword decides for that keyword; CJK keywords always match anywhere.</source>
        <translation>拉丁字母关键词只匹配整词：“the”不会在“their”中找到。取消勾选则也匹配词内部。关键词前的 w: 或 s: 单独决定该关键词的匹配方式；中日韩关键词总是在任意位置匹配。</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_panel.py"/>
        <source>Line {0}: {1}</source>
        <translation>第 {0} 行：{1}</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_panel.py"/>
        <source>Line {0}: {1}
Possible hit: read as “{2}”, which looks like “{3}”. Check the image.</source>
        <translation>第 {0} 行：{1}
可能命中：识别为“{2}”，与“{3}”字形相近。请对照图像核实。</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_panel.py"/>
        <source>Load a keyword list</source>
        <translation>载入关键词列表</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_panel.py"/>
        <source>Load list…</source>
        <translation>载入列表…</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_panel.py"/>
        <source>Load list… adds the keywords of a UTF-8 text file written the same way.</source>
        <translation>“加载列表…”可添加按同样格式书写的 UTF-8 文本文件中的关键词。</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_panel.py"/>
        <source>No keywords</source>
        <translation>无关键词</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_panel.py"/>
        <source>One keyword per line
# a comment
w:word  (whole word)   s:word  (also inside words)
re:\d{4}-\d{4}  (a regular expression)</source>
        <translation>每行一个关键词
# 注释
w:word  （整词）   s:word  （也匹配词内部）
re:\d{4}-\d{4}  （正则表达式）</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_panel.py"/>
        <source>One keyword per line. Case, fullwidth forms and spaces next to CJK characters are ignored.</source>
        <translation>每行一个关键词。忽略大小写、全角形式以及中日韩字符旁的空格。</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_panel.py"/>
        <source>Whole words</source>
        <translation>整词匹配</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_panel.py"/>
        <source>Without a prefix, Latin keywords match whole words while “Whole words” is ticked, anywhere when it is not. CJK keywords always match anywhere, since CJK text has no spaces between words; a mixed keyword such as “iPhone手机” needs a word boundary only at its Latin end.</source>
        <translation>没有前缀时，勾选“整词匹配”则拉丁字母关键词只匹配整词，否则在任意位置匹配。中日韩关键词总是在任意位置匹配，因为中日韩文本的词之间没有空格；像“iPhone手机”这样的混合关键词只在其拉丁字母一端要求词边界。</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_panel.py"/>
        <source>re:\d{4}	A regular expression (\b marks a word boundary)</source>
        <translation>re:\d{4}	正则表达式（\b 表示词边界）</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_panel.py"/>
        <source>s:the	Also inside words: finds “the” in “their”</source>
        <translation>s:the	也匹配词内部：在“their”中找到“the”</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_panel.py"/>
        <source>w:the	Whole words only: finds “the”, not “their”, “they” or “tothe”</source>
        <translation>w:the	只匹配整词：找到“the”，不匹配“their”、“they”或“tothe”</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_panel.py"/>
        <source>{0}  ≈  {1}  (possible)</source>
        <translation>{0}  ≈  {1}  （可能）</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_panel.py"/>
        <source>{0} — hits: {1}</source>
        <translation>{0} — 命中：{1}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop_ocr/gui/session_restore.py"/>
        <source> and {0} corrected lines</source>
        <translation>及 {0} 处更正</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>%v / %m pages</source>
        <translation>%v / %m 页</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>&amp;Actual size</source>
        <translation>实际大小(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>&amp;Close all pages</source>
        <translation>关闭所有页面(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_actions.py"/>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>&amp;Copy selected lines</source>
        <translation>复制所选行(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_actions.py"/>
        <source>&amp;Copy text</source>
        <translation>复制文本(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/window_menus.py"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>&amp;Export page…</source>
        <translation>导出本页(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/window_menus.py"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>&amp;Fit to window</source>
        <translation>适合窗口(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/window_menus.py"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>&amp;Keywords</source>
        <translation>关键词(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>&amp;Load keyword list…</source>
        <translation>载入关键词列表(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>&amp;Next keyword hit</source>
        <translation>下一个关键词命中(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/window_menus.py"/>
        <source>&amp;OCR</source>
        <translation>识别(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>&amp;Open files…</source>
        <translation>打开文件(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>&amp;Paste image</source>
        <translation>粘贴图片(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>&amp;Previous keyword hit</source>
        <translation>上一个关键词命中(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_actions.py"/>
        <source>&amp;Remove from the list</source>
        <translation>从列表中移除(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_actions.py"/>
        <source>&amp;Remove {0} pages</source>
        <translation>移除 {0} 个页面(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>&amp;Restore previous session</source>
        <translation>恢复上次会话(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/window_menus.py"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_actions.py"/>
        <source>Add as &amp;keyword</source>
        <translation>添加为关键词(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_actions.py"/>
        <source>Added as keyword: {0}</source>
        <translation>已添加为关键词：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/intake.py"/>
        <source>All files</source>
        <translation>所有文件</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/batch_jobs.py"/>
        <source>Already open</source>
        <translation>已打开</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>C&amp;orrect selected line</source>
        <translation>更正所选行(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_actions.py"/>
        <source>C&amp;orrect…</source>
        <translation>更正(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>Ca&amp;ncel reading</source>
        <translation>取消识别(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/batch_jobs.py"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/batch_jobs.py"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_hits.py"/>
        <source>Cannot load the keyword list</source>
        <translation>无法载入关键词列表</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/exporting.py"/>
        <source>Cannot save the annotated image</source>
        <translation>无法保存标注图像</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/exporting.py"/>
        <source>Cannot save the file</source>
        <translation>无法保存文件</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/current_page.py"/>
        <source>Cannot show the image: {0}</source>
        <translation>无法显示图像：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_hits.py"/>
        <source>Cannot use the keywords</source>
        <translation>无法使用这些关键词</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/batch_jobs.py"/>
        <source>Clipboard {0}</source>
        <translation>剪贴板 {0}</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>Close all pages?</source>
        <translation>关闭所有页面？</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/exporting.py"/>
        <source>Copied the page&apos;s text ({0} lines)</source>
        <translation>已复制本页文字（{0} 行）</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_actions.py"/>
        <source>Copied the text of {0} pages</source>
        <translation>已复制 {0} 个页面的文本</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/exporting.py"/>
        <source>Copied {0} lines</source>
        <translation>已复制 {0} 行</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>Copy page &amp;text</source>
        <translation>复制本页文字(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/window_menus.py"/>
        <source>Copy text</source>
        <translation>复制文字</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/corrections.py"/>
        <source>Correction of line {0} undone</source>
        <translation>已撤销第 {0} 行的更正</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/session_restore.py"/>
        <source>Desktop OCR did not close normally last time.

Restore its {0} pages</source>
        <translation>Desktop OCR 上次未正常关闭。

要恢复当时的 {0} 个页面</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/batch_jobs.py"/>
        <source>Done: {0} read, {1} failed</source>
        <translation>完成：已识别 {0} 页，失败 {1} 页</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/intake.py"/>
        <source>Dropped image</source>
        <translation>拖入的图片</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/window_menus.py"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>Export &amp;all pages…</source>
        <translation>导出所有页面(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/exporting.py"/>
        <source>Export all pages</source>
        <translation>导出所有页面</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/exporting.py"/>
        <source>Export page</source>
        <translation>导出本页</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_hits.py"/>
        <source>Hit {0} of {1}: {2} (line {3})</source>
        <translation>第 {0} 个命中，共 {1} 个：{2}（第 {3} 行）</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/intake.py"/>
        <source>Images and PDFs</source>
        <translation>图片和 PDF</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>Keywords: {0} · hits on this page: {1} · in all: {2}, on pages: {3} (F3: next, Shift+F3: previous)</source>
        <translation>关键词：{0} · 本页命中：{1} · 共计：{2}，涉及页面：{3}（F3：下一个，Shift+F3：上一个）</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/corrections.py"/>
        <source>Line {0} corrected</source>
        <translation>第 {0} 行已更正</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>Next pa&amp;ge</source>
        <translation>下一页(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_hits.py"/>
        <source>No keyword hits</source>
        <translation>没有关键词命中</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>No keywords</source>
        <translation>无关键词</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/exporting.py"/>
        <source>No read page to save</source>
        <translation>没有已识别的页面可保存</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/exporting.py"/>
        <source>No text on this page yet</source>
        <translation>本页尚无文字</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/exporting.py"/>
        <source>Nothing to export yet</source>
        <translation>暂无可导出的内容</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/window_menus.py"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>Open &amp;folder…</source>
        <translation>打开文件夹(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/intake.py"/>
        <source>Open a folder of images and PDFs</source>
        <translation>打开包含图片和 PDF 的文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/intake.py"/>
        <source>Open images and PDFs</source>
        <translation>打开图片和 PDF</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>Open images and PDFs to read</source>
        <translation>打开要识别的图片和 PDF</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/batch_jobs.py"/>
        <source>Opening {0}…</source>
        <translation>正在打开 {0}…</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/batch_jobs.py"/>
        <source>Opening…</source>
        <translation>正在打开…</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/exporting.py"/>
        <source>PNG image</source>
        <translation>PNG 图像</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>Pages</source>
        <translation>页面</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>Pages: {0}</source>
        <translation>页面：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/window_menus.py"/>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>Previous pag&amp;e</source>
        <translation>上一页(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_actions.py"/>
        <source>Re&amp;move selected pages</source>
        <translation>移除所选页面(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_actions.py"/>
        <source>Read &amp;again</source>
        <translation>重新识别(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>Read the image on the clipboard</source>
        <translation>识别剪贴板中的图片</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_actions.py"/>
        <source>Read the pages again?</source>
        <translation>重新识别这些页面？</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_actions.py"/>
        <source>Remove corrected pages?</source>
        <translation>移除已更正的页面？</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_actions.py"/>
        <source>Remove the selected pages from the window (the files stay)</source>
        <translation>从窗口中移除所选页面（文件保留）</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_actions.py"/>
        <source>Removed the page</source>
        <translation>已移除该页面</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_actions.py"/>
        <source>Removed {0} pages</source>
        <translation>已移除 {0} 个页面</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/dialogs.py"/>
        <source>Replace the file?</source>
        <translation>替换文件？</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/session_restore.py"/>
        <source>Restore the last session?</source>
        <translation>恢复上次会话？</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/session_restore.py"/>
        <source>Restored {0} pages</source>
        <translation>已恢复 {0} 个页面</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>Save annotated &amp;image…</source>
        <translation>保存标注图像(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/exporting.py"/>
        <source>Save annotated image</source>
        <translation>保存标注图像</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/exporting.py"/>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/exporting.py"/>
        <source>Saved {0}; {1} pages without their text, see the log</source>
        <translation>已保存 {0}；{1} 页没有文字层，详见日志</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_actions.py"/>
        <source>Show in &amp;folder</source>
        <translation>在文件夹中显示(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_hits.py"/>
        <source>Some keywords were skipped</source>
        <translation>部分关键词已跳过</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/batch_jobs.py"/>
        <source>Some pages could not be read</source>
        <translation>部分页面无法识别</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>Stop reading the pages still waiting</source>
        <translation>停止识别尚在等待的页面</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>Text and keywords</source>
        <translation>文字和关键词</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/intake.py"/>
        <source>The clipboard holds no image or files</source>
        <translation>剪贴板中没有图片或文件</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>The page as PNG with boxes and keyword hits drawn: evidence</source>
        <translation>将页面保存为标出文字框和关键词命中的 PNG 图像，用作证据</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>The pages and their corrections leave the window.</source>
        <translation>页面及其更正将从窗口中移除。</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/session_restore.py"/>
        <source>There is no previous session</source>
        <translation>没有上次的会话</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/window_menus.py"/>
        <source>Toolbar</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/exporting.py"/>
        <source>Writing the file: {0} / {1} pages</source>
        <translation>正在写入文件：{0} / {1} 页</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/corrections.py"/>
        <source>correct line {0}</source>
        <translation>更正第 {0} 行</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/current_page.py"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>failed: {0}</source>
        <translation>失败：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/main_window.py"/>
        <source>hits: {0}</source>
        <translation>命中：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/batch_jobs.py"/>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/batch_jobs.py"/>
        <source>{0:.1f} pages/min</source>
        <translation>每分钟 {0:.1f} 页</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/dialogs.py"/>
        <source>{0} already exists. Replace it?</source>
        <translation>{0} 已存在。要替换吗？</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_actions.py"/>
        <source>{0} corrected lines are lost with them.</source>
        <translation>其中 {0} 行更正将随之丢失。</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_actions.py"/>
        <source>{0} corrected lines are replaced by a new reading.</source>
        <translation>{0} 行更正将被新的识别结果替换。</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/batch_jobs.py"/>
        <source>{0} is already in the list. Read it again?</source>
        <translation>{0} 已在列表中。要重新识别吗？</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/keyword_hits.py"/>
        <source>{0} keywords loaded from {1}</source>
        <translation>已从 {1} 载入 {0} 个关键词</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/batch_jobs.py"/>
        <source>{0} left</source>
        <translation>剩余 {0}</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/batch_jobs.py"/>
        <source>{0} of {1} pages could not be read:</source>
        <translation>{1} 个页面中有 {0} 个无法识别：</translation>
    </message>
</context>
<context>
    <name>PageList</name>
    <message>
        <location filename="../../desktop_ocr/gui/page_list.py"/>
        <source>Pages</source>
        <translation>页面</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_list.py"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_list.py"/>
        <source>detecting</source>
        <translation>检测中</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_list.py"/>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_list.py"/>
        <source>edited</source>
        <translation>已更正</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_list.py"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_list.py"/>
        <source>failed: {0}</source>
        <translation>失败：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_list.py"/>
        <source>hits: {0}</source>
        <translation>命中：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_list.py"/>
        <source>lines: {0}</source>
        <translation>行数：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_list.py"/>
        <source>opening</source>
        <translation>打开中</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_list.py"/>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/page_list.py"/>
        <source>recognising</source>
        <translation>识别中</translation>
    </message>
</context>
<context>
    <name>RegionSelector</name>
    <message>
        <location filename="../../desktop_ocr/gui/selector.py"/>
        <source>Desktop OCR – select a region</source>
        <translation>Desktop OCR – 选择区域</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/selector.py"/>
        <source>Drag to select the text to read  ·  Esc or right-click to cancel</source>
        <translation>拖动鼠标框选要识别的文字  ·  按 Esc 或右键取消</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>Capture join mode</source>
        <translation>截图文字连接方式</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>Chinese script</source>
        <translation>中文字形</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>Chinese script of the text: as read, or converted to simplified or traditional forms</source>
        <translation>文字的中文字形：按识别结果，或转换为简体或繁体</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>Cluster address</source>
        <translation>集群地址</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>Copy to clipboard</source>
        <translation>复制到剪贴板</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>Hotkey</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>Interface</source>
        <translation>界面</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>Join mode</source>
        <translation>合并方式</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>Keyword file</source>
        <translation>关键词文件</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>Keywords</source>
        <translation>关键词</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>Latin keywords match whole words only (&apos;the&apos; is not found in &apos;their&apos;); CJK keywords match anywhere</source>
        <translation>拉丁字母关键词只匹配整词（“the”不会在“their”中找到）；中日韩关键词在任意位置匹配</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>Model folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>Model set</source>
        <translation>模型组</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>OCR worker threads (each runs one task at a time)</source>
        <translation>识别工作线程数（每个线程一次处理一项任务）</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>Open result window</source>
        <translation>打开结果窗口</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>PDF DPI</source>
        <translation>PDF 分辨率 (DPI)</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>Performance</source>
        <translation>性能</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>Reading and models</source>
        <translation>识别与模型</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>Screen capture</source>
        <translation>截图识别</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>Whole words</source>
        <translation>整词匹配</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>Workers</source>
        <translation>工作线程</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>address of a Ray cluster to OCR on: auto (Ray on this machine), ray://HOST:10001 (empty: this machine)</source>
        <translation>用于 OCR 的 Ray 集群地址：auto（本机上的 Ray）、ray://主机:10001（留空：本机）</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>all on one line</source>
        <translation>全部合并为一行</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>as read</source>
        <translation>按识别结果</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>folder with det, cls, rec .onnx models and the dictionary (empty: the model set above)</source>
        <translation>包含 det、cls、rec 三个 .onnx 模型和字典的文件夹（留空：使用上面的模型组）</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>global shortcut that starts a screen capture</source>
        <translation>开始截图识别的全局快捷键</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>how a screen capture&apos;s lines are joined on the clipboard</source>
        <translation>截图识别出的各行在剪贴板中的连接方式</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>how lines are joined in text, Markdown and the clipboard: paragraphs (blank line between them, table rows kept whole), lines (as read), one-line</source>
        <translation>文本、Markdown 和剪贴板中各行的连接方式：段落（段落之间空一行，表格行保持完整）、逐行（按识别结果）、合并为一行</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>interface language (system: follow the system&apos;s language)</source>
        <translation>界面语言（跟随系统：使用系统的语言）</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>keyword list file (UTF-8, one per line, &apos;#&apos; comments; &apos;w:&apos; whole word, &apos;s:&apos; also inside words, &apos;re:&apos; a regular expression)</source>
        <translation>关键词列表文件（UTF-8 编码，每行一个，“#”开头为注释；“w:”整词，“s:”也匹配词内部，“re:”正则表达式）</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>model set (ppocr-v5 reads Chinese better, e.g. film subtitles; it needs: pip install &apos;desktop-ocr[v5]&apos;)</source>
        <translation>模型组（ppocr-v5 识别中文更好，例如影视字幕；需要：pip install &apos;desktop-ocr[v5]&apos;）</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>one line per line</source>
        <translation>保持原有分行</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>open a capture&apos;s result in the main window</source>
        <translation>在主窗口中打开截图识别结果</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>paragraphs</source>
        <translation>按段落合并</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>put a capture&apos;s text on the clipboard</source>
        <translation>将截图识别的文字放到剪贴板</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>resolution at which PDF pages are rendered</source>
        <translation>渲染 PDF 页面时使用的分辨率</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>simplified</source>
        <translation>简体</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/settings.py"/>
        <source>traditional</source>
        <translation>繁体</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source> (after a restart)</source>
        <translation>（重启后生效）</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>(none: the keyword panel’s list is used; keywords: {0})</source>
        <translation>（无：使用关键词面板中的列表；关键词数：{0}）</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>(shipped models)</source>
        <translation>（内置模型）</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>A file chosen here replaces the keyword panel’s list (in the main window and the video review); typed keywords are kept by the app without a file.</source>
        <translation>在此选择的文件会替换关键词面板中的列表（主窗口和视频审阅中相同）；不选文件时，输入的关键词由程序保存。</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>Add to the menu</source>
        <translation>添加到菜单</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>All files</source>
        <translation>所有文件</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>Applications menu:</source>
        <translation>应用程序菜单：</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>Desktop OCR is in the applications menu and starts in the tray at login.</source>
        <translation>Desktop OCR 已添加到应用程序菜单，并将在登录时于托盘中启动。</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>Desktop OCR is in the applications menu.</source>
        <translation>Desktop OCR 已添加到应用程序菜单。</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>Desktop OCR – Settings</source>
        <translation>Desktop OCR – 设置</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>Keyword list</source>
        <translation>关键词列表</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>Model folder (det, cls, rec .onnx + dictionary)</source>
        <translation>模型文件夹（det、cls、rec .onnx 模型及字典）</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>Nothing was saved: fix the fields marked in red.</source>
        <translation>未保存任何设置：请修正标红的项目。</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>Nothing was saved; the shortcut stays {0}.</source>
        <translation>未保存任何设置；快捷键仍为 {0}。</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>Put the default values in the fields; OK or Apply saves them</source>
        <translation>将默认值填入各栏；按“确定”或“应用”后保存</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>Remove from the menu</source>
        <translation>从菜单中移除</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>Start in the tray at login</source>
        <translation>登录时在托盘中启动</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>Text files</source>
        <translation>文本文件</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>The default values are in the fields; OK or Apply saves them.</source>
        <translation>默认值已填入各栏；按“确定”或“应用”后保存。</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>The menu entry could not be removed: {0}</source>
        <translation>无法移除菜单项：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>The menu entry could not be written: {0}</source>
        <translation>无法写入菜单项：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>The menu entry, its icon and the autostart entry were removed.</source>
        <translation>已移除菜单项、图标和开机自启动项。</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>This model folder cannot be used: {0}</source>
        <translation>无法使用此模型文件夹：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>Update the menu entry</source>
        <translation>更新菜单项</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>{0}:</source>
        <translation>{0}：</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>{0}: takes effect after a restart.</source>
        <translation>{0}：重启后生效。</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/settings_dialog.py"/>
        <source>{0}: the file holds no keywords</source>
        <translation>{0}：文件中没有关键词</translation>
    </message>
</context>
<context>
    <name>TextPanel</name>
    <message>
        <location filename="../../desktop_ocr/gui/text_panel.py"/>
        <source>Double-click or F2 to correct</source>
        <translation>双击或按 F2 更正</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/text_panel.py"/>
        <source>Line {0} · score {1:.2f}</source>
        <translation>第 {0} 行 · 置信度 {1:.2f}</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/text_panel.py"/>
        <source>Recognised text</source>
        <translation>识别出的文字</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/text_panel.py"/>
        <source>Uncertain: {0}</source>
        <translation>不确定：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/text_panel.py"/>
        <source>corrected by hand</source>
        <translation>已手动更正</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/text_panel.py"/>
        <source>{0} (or {1}, {2:.0%})</source>
        <translation>{0}（或 {1}，{2:.0%}）</translation>
    </message>
</context>
<context>
    <name>TrainingExport</name>
    <message>
        <location filename="../../desktop_ocr/gui/training_export.py"/>
        <source>Cannot export the training data</source>
        <translation>无法导出训练数据</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/training_export.py"/>
        <source>Export corrections as training data</source>
        <translation>将更正导出为训练数据</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/training_export.py"/>
        <source>No corrected lines yet: correct a line first (double-click it)</source>
        <translation>还没有更正过的行：请先更正一行（双击该行）</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/training_export.py"/>
        <source>{0} corrected lines from {1} pages written to {2}</source>
        <translation>已将 {1} 页中的 {0} 行更正写入 {2}</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/training_export.py"/>
        <source>{0} pages skipped: {1}</source>
        <translation>跳过了 {0} 页：{1}</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <location filename="../../desktop_ocr/gui/tray.py"/>
        <source>Capture text</source>
        <translation>截图识别</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/tray.py"/>
        <source>Desktop OCR: click or press {0} to capture text</source>
        <translation>Desktop OCR：单击或按 {0} 截图识别</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/tray.py"/>
        <source>Global shortcut not active</source>
        <translation>全局快捷键未生效</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/tray.py"/>
        <source>No system tray</source>
        <translation>没有系统托盘</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/tray.py"/>
        <source>Open window</source>
        <translation>打开主窗口</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/tray.py"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/tray.py"/>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/tray.py"/>
        <source>Shortcut not changed</source>
        <translation>快捷键未更改</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/tray.py"/>
        <source>This desktop has no system tray, so Desktop OCR has no tray icon. It keeps running in the background: press {hotkey} to capture text, or run `desktop-ocr` again to open the window.</source>
        <translation>此桌面没有系统托盘，因此 Desktop OCR 不显示托盘图标，但会在后台继续运行：按 {hotkey} 截图识别，或再次运行 `desktop-ocr` 打开主窗口。</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/tray.py"/>
        <source>This desktop has no system tray, so Desktop OCR has no tray icon. While its window is open, press {hotkey} or use OCR › Capture text to capture text; Settings are in the OCR menu.</source>
        <translation>此桌面没有系统托盘，因此 Desktop OCR 不显示托盘图标。窗口打开时，按 {hotkey} 或使用“识别 › 截图识别”截图识别文字；设置位于“识别”菜单中。</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/tray.py"/>
        <source>the capture shortcut</source>
        <translation>截图快捷键</translation>
    </message>
</context>
<context>
    <name>VideoReview</name>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>All files</source>
        <translation>所有文件</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_exports.py"/>
        <source>Cannot save {0}: {1}</source>
        <translation>无法保存 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>Drag the subtitle band on the frame; the review restarts inside it</source>
        <translation>在画面上拖出字幕区域；审查将在该区域内重新开始</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>End</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>Evidence PNGs…</source>
        <translation>导出证据图片…</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>Export JSON…</source>
        <translation>导出 JSON…</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>Export SRT…</source>
        <translation>导出 SRT…</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_exports.py"/>
        <source>Export events</source>
        <translation>导出字幕事件</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_exports.py"/>
        <source>Export report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_exports.py"/>
        <source>Folder for evidence images</source>
        <translation>证据图片的保存文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>Keyword</source>
        <translation>关键词</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_keywords.py"/>
        <source>Keywords of this review</source>
        <translation>本次审阅的关键词</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_keywords.py"/>
        <source>Keywords: the app’s list, the same as in the main window</source>
        <translation>关键词：程序的列表，与主窗口中的相同</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_keywords.py"/>
        <source>No keyword list</source>
        <translation>无关键词列表</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>No video</source>
        <translation>未打开视频</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/frame_view.py"/>
        <source>Open a video to review its text</source>
        <translation>打开视频以审查其中的文字</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>Open video</source>
        <translation>打开视频</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>Open video…</source>
        <translation>打开视频…</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>Reviewing {0}: {1}…</source>
        <translation>正在审查 {0}：{1}…</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>Reviewing {0}…</source>
        <translation>正在审查 {0}…</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_exports.py"/>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>Score</source>
        <translation>置信度</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>Select band</source>
        <translation>选择字幕区域</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>Start</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>Stop at first hit</source>
        <translation>首次命中即停止</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>Text</source>
        <translation>文字</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>Videos</source>
        <translation>视频</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_exports.py"/>
        <source>Wrote {0} evidence image to {1}</source>
        <translation>已将 {0} 张证据图片写入 {1}</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_exports.py"/>
        <source>Wrote {0} evidence images to {1}</source>
        <translation>已将 {0} 张证据图片写入 {1}</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>damaged video: could not read {ranges}</source>
        <translation>视频已损坏：无法读取 {ranges}</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>stopped at the first hit</source>
        <translation>已在首次命中时停止</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>{0} (possible)</source>
        <translation>{0}（可能）</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>{0} OCRed</source>
        <translation>已识别 {0} 帧</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>{0} event</source>
        <translation>{0} 个事件</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>{0} events</source>
        <translation>{0} 个事件</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>{0} frame</source>
        <translation>{0} 帧</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>{0} frames</source>
        <translation>{0} 帧</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_keywords.py"/>
        <source>{0} from {1}</source>
        <translation>{0}（来自 {1}）</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>{0} hit</source>
        <translation>{0} 个命中</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>{0} hits</source>
        <translation>{0} 个命中</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>{0} keyframe</source>
        <translation>{0} 个关键帧</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>{0} keyframes</source>
        <translation>{0} 个关键帧</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_keywords.py"/>
        <source>{0} keyword</source>
        <translation>{0} 个关键词</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_keywords.py"/>
        <source>{0} keywords</source>
        <translation>{0} 个关键词</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>{0} left</source>
        <translation>剩余 {0}</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>{0} of {1}</source>
        <translation>{0} / {1}</translation>
    </message>
    <message>
        <location filename="../../desktop_ocr/gui/video_review.py"/>
        <source>{0}: {1} in {2:.1f} s</source>
        <translation>{0}：{1}，用时 {2:.1f} 秒</translation>
    </message>
</context>
</TS>
