<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>Cutmark</name>
    <message>
      <source>Laughs and applause per minute: click to go there</source>
      <translation>每分钟的笑声和掌声：点击跳到那里</translation>
    </message>
    <message>
      <source>Per minute</source>
      <translation>每分钟</translation>
    </message>
    <message>
      <source>{0} a minute</source>
      <translation>每分钟 {0}</translation>
    </message>
    <message>
      <source>Tick “Redo files analysed before with other settings” to replace it, or choose another folder.</source>
      <translation>勾选“重新分析以其他设置分析过的文件”即可替换，或选择另一个文件夹。</translation>
    </message>
    <message>
      <source>Subtitles (.srt)</source>
      <translation>字幕 (.srt)</translation>
    </message>
    <message>
      <source>WebVTT</source>
      <translation>WebVTT</translation>
    </message>
    <message>
      <source>Transcript (.txt)</source>
      <translation>文字稿 (.txt)</translation>
    </message>
    <message>
      <source>Analyse many files</source>
      <translation>批量分析</translation>
    </message>
    <message>
      <source>Add files…</source>
      <translation>添加文件…</translation>
    </message>
    <message>
      <source>Add a folder…</source>
      <translation>添加文件夹…</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>移除</translation>
    </message>
    <message>
      <source>Choose a folder</source>
      <translation>选择一个文件夹</translation>
    </message>
    <message>
      <source>Choose…</source>
      <translation>选择…</translation>
    </message>
    <message>
      <source>Redo files analysed before with other settings</source>
      <translation>重新分析以其他设置分析过的文件</translation>
    </message>
    <message>
      <source>Start</source>
      <translation>开始</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>Add videos</source>
      <translation>添加视频</translation>
    </message>
    <message>
      <source>Add a folder</source>
      <translation>添加文件夹</translation>
    </message>
    <message>
      <source>Results go to:</source>
      <translation>结果保存到：</translation>
    </message>
    <message>
      <source>Starting…</source>
      <translation>正在开始…</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>完成</translation>
    </message>
    <message>
      <source>Done before</source>
      <translation>之前已完成</translation>
    </message>
    <message>
      <source>Failed</source>
      <translation>失败</translation>
    </message>
    <message>
      <source>Add videos or folders (or drop them here). Each is analysed in turn.</source>
      <translation>添加视频或文件夹（或拖放到这里），将依次分析。</translation>
    </message>
    <message>
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <source>Result</source>
      <translation>结果</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>说明</translation>
    </message>
    <message>
      <source>Also write:</source>
      <translation>同时生成：</translation>
    </message>
    <message>
      <source>{0} done, {1} done before, {2} failed.</source>
      <translation>完成 {0} 个，之前已完成 {1} 个，失败 {2} 个。</translation>
    </message>
    <message>
      <source>Double-click a finished file to open it.</source>
      <translation>双击已完成的文件即可打开。</translation>
    </message>
    <message>
      <source>Cancelled. Finished files are kept; Start again does the rest.</source>
      <translation>已取消。已完成的文件会保留；再次点击“开始”可处理其余文件。</translation>
    </message>
    <message>
      <source>Finished {0}</source>
      <translation>已完成 {0}</translation>
    </message>
    <message>
      <source>Transcripts, sound events and emotions from your videos, computed on this computer with SenseVoiceSmall.</source>
      <translation>用 SenseVoiceSmall 在本机为你的视频生成文字稿、声音事件和情绪。</translation>
    </message>
    <message>
      <source>Keyboard shortcuts</source>
      <translation>键盘快捷键</translation>
    </message>
    <message>
      <source>About Cutmark</source>
      <translation>关于 Cutmark</translation>
    </message>
    <message>
      <source>Restore the selected words</source>
      <translation>恢复所选词语</translation>
    </message>
    <message>
      <source>Enter saves the word, Esc cancels, Tab goes to the next word</source>
      <translation>回车保存词语，Esc 取消，Tab 转到下一个词语</translation>
    </message>
    <message>
      <source>Cut the selected words</source>
      <translation>剪掉所选词语</translation>
    </message>
    <message>
      <source>Edit word…</source>
      <translation>编辑词语…</translation>
    </message>
    <message>
      <source>Nothing to change.</source>
      <translation>没有需要更改的内容。</translation>
    </message>
    <message>
      <source>Drop a video here, or File &gt; Open</source>
      <translation>把视频拖到这里，或选择 文件 &gt; 打开</translation>
    </message>
    <message>
      <source>Cutmark transcribes it and marks laughter, applause, music and emotions on the timeline.</source>
      <translation>Cutmark 会转写语音，并在时间线上标出笑声、掌声、音乐和情绪。</translation>
    </message>
    <message>
      <source>Open a video…</source>
      <translation>打开视频…</translation>
    </message>
    <message>
      <source>Recent files</source>
      <translation>最近的文件</translation>
    </message>
    <message>
      <source>Speech model: {0}</source>
      <translation>语音模型：{0}</translation>
    </message>
    <message>
      <source>For transcripts and events, choose Analysis &gt; Speech model… and click Download.</source>
      <translation>要获得文字稿和事件，请选择 分析 &gt; 语音模型…，然后点击“下载”。</translation>
    </message>
    <message>
      <source>Export</source>
      <translation>导出</translation>
    </message>
    <message>
      <source>Formats</source>
      <translation>格式</translation>
    </message>
    <message>
      <source>Folder:</source>
      <translation>文件夹：</translation>
    </message>
    <message>
      <source>File name:</source>
      <translation>文件名：</translation>
    </message>
    <message>
      <source>Timelines hold the cut; subtitle and marker times follow it.</source>
      <translation>时间线包含剪辑结果；字幕和标记时间随之调整。</translation>
    </message>
    <message>
      <source>Cut:</source>
      <translation>剪辑：</translation>
    </message>
    <message>
      <source>Subtitle layout:</source>
      <translation>字幕排版：</translation>
    </message>
    <message>
      <source>Describe sounds for deaf and hard-of-hearing viewers: [Laughter], [Applause]</source>
      <translation>为听障观众标出声音：[笑声]、[掌声]</translation>
    </message>
    <message>
      <source>Export to folder</source>
      <translation>导出到文件夹</translation>
    </message>
    <message>
      <source>Export failed</source>
      <translation>导出失败</translation>
    </message>
    <message>
      <source>Exported</source>
      <translation>已导出</translation>
    </message>
    <message>
      <source>Choose at least one format.</source>
      <translation>请至少选择一种格式。</translation>
    </message>
    <message>
      <source>Replace files?</source>
      <translation>替换文件？</translation>
    </message>
    <message>
      <source>Replace</source>
      <translation>替换</translation>
    </message>
    <message>
      <source>Written:</source>
      <translation>已写入：</translation>
    </message>
    <message>
      <source>Replace them?</source>
      <translation>要替换它们吗？</translation>
    </message>
    <message>
      <source>These files exist already:</source>
      <translation>这些文件已经存在：</translation>
    </message>
    <message>
      <source>Silence</source>
      <translation>静音</translation>
    </message>
    <message>
      <source>Events</source>
      <translation>事件</translation>
    </message>
    <message>
      <source>Emotions</source>
      <translation>情绪</translation>
    </message>
    <message>
      <source>Click an event to jump to it</source>
      <translation>点击事件即可跳转</translation>
    </message>
    <message>
      <source>Find in the transcript</source>
      <translation>在文字稿中查找</translation>
    </message>
    <message>
      <source>Previous match (Shift+Enter)</source>
      <translation>上一个匹配 (Shift+Enter)</translation>
    </message>
    <message>
      <source>Next match (Enter)</source>
      <translation>下一个匹配 (Enter)</translation>
    </message>
    <message>
      <source>Cut all matches</source>
      <translation>剪掉所有匹配</translation>
    </message>
    <message>
      <source>Close (Esc)</source>
      <translation>关闭 (Esc)</translation>
    </message>
    <message>
      <source>{0} matches</source>
      <translation>{0} 个匹配</translation>
    </message>
    <message>
      <source>{0} of {1}</source>
      <translation>第 {0} 个，共 {1} 个</translation>
    </message>
    <message>
      <source>Choose Analysis › Speech model… and click Download, or Choose folder… for a SenseVoiceSmall folder you have. Speech detection only works without the model.</source>
      <translation>请选择“分析 › 语音模型…”并点击“下载”，或点击“选择文件夹…”选用已有的 SenseVoiceSmall 文件夹。“仅语音检测”无需模型即可使用。</translation>
    </message>
    <message>
      <source>Choose Analysis › Speech model… and click Download to fetch the missing files (an interrupted download resumes), or Choose folder… for a complete SenseVoiceSmall folder.</source>
      <translation>请选择“分析 › 语音模型…”并点击“下载”补齐缺少的文件（中断的下载会继续），或点击“选择文件夹…”选用完整的 SenseVoiceSmall 文件夹。</translation>
    </message>
    <message>
      <source>Check the network connection and click Download again: it resumes where it stopped. Offline? Copy a SenseVoiceSmall folder from another computer and pick it with Choose folder…</source>
      <translation>请检查网络连接后再次点击“下载”：会从中断处继续。没有网络？请从另一台电脑复制 SenseVoiceSmall 文件夹，再用“选择文件夹…”选中它。</translation>
    </message>
    <message>
      <source>Choose Analysis › Speech model… and set Device to CPU, or check the GPU driver.</source>
      <translation>请选择“分析 › 语音模型…”并将“设备”设为 CPU，或检查显卡驱动。</translation>
    </message>
    <message>
      <source>Choose another audio track in the player's track list.</source>
      <translation>请在播放器的音轨列表中选择另一条音轨。</translation>
    </message>
    <message>
      <source>Choose another name or folder, or agree to replace the file.</source>
      <translation>请换一个文件名或文件夹，或同意替换该文件。</translation>
    </message>
    <message>
      <source>Choose a folder you can write to, with free space.</source>
      <translation>请选择一个可写入且有剩余空间的文件夹。</translation>
    </message>
    <message>
      <source>Check the formats and options in File › Export…</source>
      <translation>请检查“文件 › 导出…”中的格式和选项。</translation>
    </message>
    <message>
      <source>The project file was moved or deleted; open the video again to make a new project.</source>
      <translation>项目文件已被移动或删除；请重新打开视频以新建项目。</translation>
    </message>
    <message>
      <source>Ready</source>
      <translation>就绪</translation>
    </message>
    <message>
      <source>Cancelled. Nothing was saved.</source>
      <translation>已取消，未保存任何内容。</translation>
    </message>
    <message>
      <source>Cancelling…</source>
      <translation>正在取消…</translation>
    </message>
    <message>
      <source>Failed: </source>
      <translation>失败：</translation>
    </message>
    <message>
      <source>{0} left</source>
      <translation>剩余 {0}</translation>
    </message>
    <message>
      <source>This is a bug; please report it with the file if you can.</source>
      <translation>这是一个程序错误；如方便，请连同文件一起报告。</translation>
    </message>
    <message>
      <source>Open a video or a Cutmark project</source>
      <translation>打开视频或 Cutmark 项目</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <source>The new language is used the next time Cutmark starts.</source>
      <translation>新的语言将在下次启动 Cutmark 时生效。</translation>
    </message>
    <message>
      <source>Speech detection only</source>
      <translation>仅语音检测</translation>
    </message>
    <message>
      <source>Video not found</source>
      <translation>找不到视频</translation>
    </message>
    <message>
      <source>Analysed: {0} transcript segments, {1} sound events</source>
      <translation>分析完成：{0} 个文字片段，{1} 个声音事件</translation>
    </message>
    <message>
      <source>Analysis failed</source>
      <translation>分析失败</translation>
    </message>
    <message>
      <source>&amp;Undo</source>
      <translation>撤销(&amp;U)</translation>
    </message>
    <message>
      <source>&amp;Redo</source>
      <translation>重做(&amp;R)</translation>
    </message>
    <message>
      <source>Nothing to export</source>
      <translation>没有可导出的内容</translation>
    </message>
    <message>
      <source>Open a video and analyse it first.</source>
      <translation>请先打开并分析一个视频。</translation>
    </message>
    <message>
      <source>Clear list</source>
      <translation>清空列表</translation>
    </message>
    <message>
      <source>Cannot open</source>
      <translation>无法打开</translation>
    </message>
    <message>
      <source>Analysing {0}</source>
      <translation>正在分析 {0}</translation>
    </message>
    <message>
      <source>Could not save</source>
      <translation>无法保存</translation>
    </message>
    <message>
      <source>Player: </source>
      <translation>播放器：</translation>
    </message>
    <message>
      <source>The project's video {0} is not there any more. The transcript and markers are shown without it.</source>
      <translation>项目的视频 {0} 已不在原处。将只显示文字稿和标记。</translation>
    </message>
    <message>
      <source>The video's folder is read-only; the project was saved in {0}</source>
      <translation>视频所在文件夹是只读的；项目已保存到 {0}</translation>
    </message>
    <message>
      <source>&amp;File</source>
      <translation>文件(&amp;F)</translation>
    </message>
    <message>
      <source>&amp;Edit</source>
      <translation>编辑(&amp;E)</translation>
    </message>
    <message>
      <source>&amp;Playback</source>
      <translation>播放(&amp;P)</translation>
    </message>
    <message>
      <source>&amp;View</source>
      <translation>视图(&amp;V)</translation>
    </message>
    <message>
      <source>&amp;Analysis</source>
      <translation>分析(&amp;A)</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>帮助(&amp;H)</translation>
    </message>
    <message>
      <source>&amp;Open…</source>
      <translation>打开(&amp;O)…</translation>
    </message>
    <message>
      <source>&amp;Save project</source>
      <translation>保存项目(&amp;S)</translation>
    </message>
    <message>
      <source>Save project &amp;as…</source>
      <translation>项目另存为(&amp;A)…</translation>
    </message>
    <message>
      <source>&amp;Export…</source>
      <translation>导出(&amp;E)…</translation>
    </message>
    <message>
      <source>Analyse &amp;many files…</source>
      <translation>批量分析(&amp;M)…</translation>
    </message>
    <message>
      <source>&amp;Close</source>
      <translation>关闭(&amp;C)</translation>
    </message>
    <message>
      <source>&amp;Quit</source>
      <translation>退出(&amp;Q)</translation>
    </message>
    <message>
      <source>&amp;Find in the transcript…</source>
      <translation>在文字稿中查找(&amp;F)…</translation>
    </message>
    <message>
      <source>Cu&amp;t the selected words</source>
      <translation>剪掉所选词语(&amp;T)</translation>
    </message>
    <message>
      <source>R&amp;estore the selected words</source>
      <translation>恢复所选词语(&amp;E)</translation>
    </message>
    <message>
      <source>Remove &amp;fillers</source>
      <translation>去除语气词(&amp;F)</translation>
    </message>
    <message>
      <source>Cut repeated wor&amp;ds</source>
      <translation>剪掉重复的词(&amp;D)</translation>
    </message>
    <message>
      <source>Shorten &amp;pauses</source>
      <translation>缩短停顿(&amp;P)</translation>
    </message>
    <message>
      <source>Edit segment &amp;text</source>
      <translation>编辑片段文字(&amp;T)</translation>
    </message>
    <message>
      <source>&amp;Split segment at playhead</source>
      <translation>在播放头处拆分片段(&amp;S)</translation>
    </message>
    <message>
      <source>&amp;Merge with next segment</source>
      <translation>与下一片段合并(&amp;M)</translation>
    </message>
    <message>
      <source>Mark segment &amp;keep</source>
      <translation>标记片段为保留(&amp;K)</translation>
    </message>
    <message>
      <source>Mark segment &amp;cut</source>
      <translation>标记片段为剪掉(&amp;C)</translation>
    </message>
    <message>
      <source>C&amp;lear mark</source>
      <translation>清除标记(&amp;L)</translation>
    </message>
    <message>
      <source>Play / Pause</source>
      <translation>播放 / 暂停</translation>
    </message>
    <message>
      <source>Play (faster each press)</source>
      <translation>播放（每按一次加速）</translation>
    </message>
    <message>
      <source>Pause</source>
      <translation>暂停</translation>
    </message>
    <message>
      <source>Back 5 seconds</source>
      <translation>后退 5 秒</translation>
    </message>
    <message>
      <source>Previous frame</source>
      <translation>上一帧</translation>
    </message>
    <message>
      <source>Next frame</source>
      <translation>下一帧</translation>
    </message>
    <message>
      <source>&amp;Next event</source>
      <translation>下一个事件(&amp;N)</translation>
    </message>
    <message>
      <source>&amp;Previous event</source>
      <translation>上一个事件(&amp;P)</translation>
    </message>
    <message>
      <source>Next segment</source>
      <translation>下一片段</translation>
    </message>
    <message>
      <source>Previous segment</source>
      <translation>上一片段</translation>
    </message>
    <message>
      <source>Zoom in</source>
      <translation>放大</translation>
    </message>
    <message>
      <source>Zoom out</source>
      <translation>缩小</translation>
    </message>
    <message>
      <source>Fit timeline</source>
      <translation>时间线适应窗口</translation>
    </message>
    <message>
      <source>Re&amp;view the markers</source>
      <translation>审阅标记(&amp;V)</translation>
    </message>
    <message>
      <source>Speech &amp;model…</source>
      <translation>语音模型(&amp;M)…</translation>
    </message>
    <message>
      <source>&amp;Keyboard shortcuts</source>
      <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
      <source>&amp;About Cutmark</source>
      <translation>关于 Cutmark(&amp;A)</translation>
    </message>
    <message>
      <source>Open &amp;Recent</source>
      <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
      <source>Follow playhead</source>
      <translation>跟随播放头</translation>
    </message>
    <message>
      <source>Theme</source>
      <translation>主题</translation>
    </message>
    <message>
      <source>Dark</source>
      <translation>深色</translation>
    </message>
    <message>
      <source>Light</source>
      <translation>浅色</translation>
    </message>
    <message>
      <source>System</source>
      <translation>跟随系统</translation>
    </message>
    <message>
      <source>Pre&amp;view the cut</source>
      <translation>预览剪辑(&amp;V)</translation>
    </message>
    <message>
      <source>&amp;Cancel analysis</source>
      <translation>取消分析(&amp;C)</translation>
    </message>
    <message>
      <source>&amp;Analyse again</source>
      <translation>重新分析(&amp;A)</translation>
    </message>
    <message>
      <source>Speech model</source>
      <translation>语音模型</translation>
    </message>
    <message>
      <source>Cutmark transcribes speech and finds laughter, applause, music and emotions with SenseVoiceSmall, a model of about 936 MB that runs on this computer. Download it once, choose a folder where you already have it, or work with speech detection only.</source>
      <translation>Cutmark 使用 SenseVoiceSmall（约 936 MB，在本机运行）转写语音并识别笑声、掌声、音乐和情绪。你可以下载一次、选择已有模型所在的文件夹，或仅使用语音检测。</translation>
    </message>
    <message>
      <source>Status:</source>
      <translation>状态：</translation>
    </message>
    <message>
      <source>Download from:</source>
      <translation>下载来源：</translation>
    </message>
    <message>
      <source>Automatic (GPU when available)</source>
      <translation>自动（有 GPU 时使用 GPU）</translation>
    </message>
    <message>
      <source>GPU (CUDA)</source>
      <translation>GPU（CUDA）</translation>
    </message>
    <message>
      <source>CPU</source>
      <translation>CPU</translation>
    </message>
    <message>
      <source>Device:</source>
      <translation>设备：</translation>
    </message>
    <message>
      <source>Detecting devices…</source>
      <translation>正在检测设备…</translation>
    </message>
    <message>
      <source>Download</source>
      <translation>下载</translation>
    </message>
    <message>
      <source>Cancel download</source>
      <translation>取消下载</translation>
    </message>
    <message>
      <source>Choose folder…</source>
      <translation>选择文件夹…</translation>
    </message>
    <message>
      <source>Downloading… an interrupted download resumes where it stopped.</source>
      <translation>正在下载…中断的下载会从断点继续。</translation>
    </message>
    <message>
      <source>Download failed</source>
      <translation>下载失败</translation>
    </message>
    <message>
      <source>Download paused. Press Download to resume.</source>
      <translation>下载已暂停。按“下载”继续。</translation>
    </message>
    <message>
      <source>Choose the SenseVoiceSmall folder</source>
      <translation>选择 SenseVoiceSmall 文件夹</translation>
    </message>
    <message>
      <source>Currently: speech detection only.</source>
      <translation>当前：仅语音检测。</translation>
    </message>
    <message>
      <source>Not a model folder</source>
      <translation>不是模型文件夹</translation>
    </message>
    <message>
      <source>Detected: </source>
      <translation>检测到：</translation>
    </message>
    <message>
      <source>Installed in {0}</source>
      <translation>已安装在 {0}</translation>
    </message>
    <message>
      <source>Not downloaded yet. It will be stored in {0}</source>
      <translation>尚未下载。将保存到 {0}</translation>
    </message>
    <message>
      <source>Restore unsaved changes?</source>
      <translation>恢复未保存的更改？</translation>
    </message>
    <message>
      <source>Cutmark found changes to this project that were not saved (it may have closed unexpectedly). Restore them?</source>
      <translation>Cutmark 发现此项目有未保存的更改（程序可能意外关闭）。要恢复吗？</translation>
    </message>
    <message>
      <source>Discard changes</source>
      <translation>放弃更改</translation>
    </message>
    <message>
      <source>Save project as</source>
      <translation>项目另存为</translation>
    </message>
    <message>
      <source>Replace file?</source>
      <translation>替换文件？</translation>
    </message>
    <message>
      <source>Analyse again?</source>
      <translation>重新分析？</translation>
    </message>
    <message>
      <source>This replaces the transcript and markers, your edits included, and saves over the project file when the new analysis finishes. Edit › Undo brings them back. Continue?</source>
      <translation>这会替换文字稿和标记（包括你的修改），并在新的分析完成时覆盖项目文件。用“编辑 › 撤销”可以找回它们。继续吗？</translation>
    </message>
    <message>
      <source>Analyse again</source>
      <translation>重新分析</translation>
    </message>
    <message>
      <source>Unsaved changes</source>
      <translation>未保存的更改</translation>
    </message>
    <message>
      <source>Save the changes to this project first?</source>
      <translation>要先保存此项目的更改吗？</translation>
    </message>
    <message>
      <source>Restore</source>
      <translation>恢复</translation>
    </message>
    <message>
      <source>Restore unsaved changes</source>
      <translation>恢复未保存的更改</translation>
    </message>
    <message>
      <source>{0} exists already. Replace it?</source>
      <translation>{0} 已存在。要替换它吗？</translation>
    </message>
    <message>
      <source>Saved {0}</source>
      <translation>已保存 {0}</translation>
    </message>
    <message>
      <source>Autosave failed: </source>
      <translation>自动保存失败：</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Marker</source>
      <translation>标记</translation>
    </message>
    <message>
      <source>Confidence</source>
      <translation>置信度</translation>
    </message>
    <message>
      <source>Decision</source>
      <translation>审阅结果</translation>
    </message>
    <message>
      <source>accepted</source>
      <translation>已接受</translation>
    </message>
    <message>
      <source>rejected</source>
      <translation>已拒绝</translation>
    </message>
    <message>
      <source>Accept (A)</source>
      <translation>接受 (A)</translation>
    </message>
    <message>
      <source>Reject (R)</source>
      <translation>拒绝 (R)</translation>
    </message>
    <message>
      <source>Play again (Space)</source>
      <translation>再播放一次 (空格)</translation>
    </message>
    <message>
      <source>It is something else: pick what it is</source>
      <translation>其实是别的：选出它是什么</translation>
    </message>
    <message>
      <source>not reviewed</source>
      <translation>未审阅</translation>
    </message>
    <message>
      <source>No markers to review.</source>
      <translation>没有需要审阅的标记。</translation>
    </message>
    <message>
      <source>Review the markers</source>
      <translation>审阅标记</translation>
    </message>
    <message>
      <source>Choose Analysis &gt; Review the markers (Ctrl+Shift+R): each marker plays with a second around it; A accepts, R rejects.</source>
      <translation>选择 分析 &gt; 审阅标记 (Ctrl+Shift+R)：每个标记连同前后一秒一起播放；按 A 接受，按 R 拒绝。</translation>
    </message>
    <message>
      <source>Previous</source>
      <translation>上一个</translation>
    </message>
    <message>
      <source>Next</source>
      <translation>下一个</translation>
    </message>
    <message>
      <source>confidence {0}%</source>
      <translation>置信度 {0}%</translation>
    </message>
    <message>
      <source>{0} of {1} reviewed</source>
      <translation>已审阅 {0} / {1}</translation>
    </message>
    <message>
      <source>Event &amp;sensitivity</source>
      <translation>事件灵敏度(&amp;S)</translation>
    </message>
    <message>
      <source>As the model says</source>
      <translation>按模型原样</translation>
    </message>
    <message>
      <source>Find more (the model's authors' gains)</source>
      <translation>找出更多（模型作者公布的增益）</translation>
    </message>
    <message>
      <source>Custom</source>
      <translation>自定义</translation>
    </message>
    <message>
      <source>{0}, {1}</source>
      <translation>{0}、{1}</translation>
    </message>
    <message>
      <source>Custom: {0}</source>
      <translation>自定义：{0}</translation>
    </message>
    <message>
      <source>Timeline: Ctrl+wheel zooms, wheel scrolls, click or drag to seek. Double-click a transcript row to jump and edit.</source>
      <translation>时间线：Ctrl+滚轮缩放，滚轮滚动，单击或拖动跳转。双击文字稿中的一行可跳转并编辑。</translation>
    </message>
    <message>
      <source>Other</source>
      <translation>其他</translation>
    </message>
    <message>
      <source>sound event</source>
      <translation>声音事件</translation>
    </message>
    <message>
      <source>emotion</source>
      <translation>情绪</translation>
    </message>
    <message>
      <source>silence</source>
      <translation>静音</translation>
    </message>
    <message>
      <source>Kept</source>
      <translation>保留</translation>
    </message>
    <message>
      <source>Removed</source>
      <translation>剪掉</translation>
    </message>
    <message>
      <source>Emotion</source>
      <translation>情绪</translation>
    </message>
    <message>
      <source>Event</source>
      <translation>事件</translation>
    </message>
    <message>
      <source>Confidence: {0}%</source>
      <translation>置信度：{0}%</translation>
    </message>
    <message>
      <source>Remove fillers</source>
      <translation>去除语气词</translation>
    </message>
    <message>
      <source>Cut um, uh, 嗯, えー… in one step; each stays visible, struck through</source>
      <translation>一步剪掉 um、uh、嗯、えー 等语气词；每个仍以删除线显示，可逐个检查</translation>
    </message>
    <message>
      <source>Shorten pauses</source>
      <translation>缩短停顿</translation>
    </message>
    <message>
      <source>Shorten every pause between kept words to at most 300 ms</source>
      <translation>把保留词语之间的每个停顿缩短到最多 300 毫秒</translation>
    </message>
    <message>
      <source>Bring back the selected struck words</source>
      <translation>恢复所选的已删除词语</translation>
    </message>
    <message>
      <source>Speech</source>
      <translation>语音</translation>
    </message>
    <message>
      <source>language</source>
      <translation>语言</translation>
    </message>
    <message>
      <source>event</source>
      <translation>事件</translation>
    </message>
    <message>
      <source>keep</source>
      <translation>保留</translation>
    </message>
    <message>
      <source>cut</source>
      <translation>剪掉</translation>
    </message>
    <message>
      <source>Previous frame (Left)</source>
      <translation>上一帧（←）</translation>
    </message>
    <message>
      <source>Play/Pause (Space)</source>
      <translation>播放/暂停（空格）</translation>
    </message>
    <message>
      <source>Next frame (Right)</source>
      <translation>下一帧（→）</translation>
    </message>
    <message>
      <source>Volume</source>
      <translation>音量</translation>
    </message>
    <message>
      <source>Speed</source>
      <translation>速度</translation>
    </message>
    <message>
      <source>Audio</source>
      <translation>音轨</translation>
    </message>
    <message>
      <source>none</source>
      <translation>无</translation>
    </message>
    <message>
      <source>cut {0}</source>
      <translation>剪辑后 {0}</translation>
    </message>
    <message>
      <source>Transcript</source>
      <translation>文字稿</translation>
    </message>
    <message>
      <source>Segments</source>
      <translation>片段</translation>
    </message>
    <message>
      <source>Review</source>
      <translation>审阅</translation>
    </message>
    <message>
      <source>Zoom out (Ctrl+-)</source>
      <translation>缩小 (Ctrl+-)</translation>
    </message>
    <message>
      <source>Zoom in (Ctrl++)</source>
      <translation>放大 (Ctrl++)</translation>
    </message>
    <message>
      <source>Fit timeline (Ctrl+0)</source>
      <translation>适应时间线 (Ctrl+0)</translation>
    </message>
    <message>
      <source>Split segment at playhead (Ctrl+B)</source>
      <translation>在播放头处拆分片段 (Ctrl+B)</translation>
    </message>
    <message>
      <source>Mark segment cut (Ctrl+Shift+X)</source>
      <translation>把片段标记为剪掉 (Ctrl+Shift+X)</translation>
    </message>
    <message>
      <source>Mark segment keep (Ctrl+K)</source>
      <translation>把片段标记为保留 (Ctrl+K)</translation>
    </message>
    <message>
      <source>Edit word</source>
      <translation>编辑词语</translation>
    </message>
    <message>
      <source>Type the word</source>
      <translation>输入词语</translation>
    </message>
    <message>
      <source>Reading audio</source>
      <translation>读取音频</translation>
    </message>
    <message>
      <source>Finding speech</source>
      <translation>检测语音</translation>
    </message>
    <message>
      <source>Transcribing</source>
      <translation>转写中</translation>
    </message>
    <message>
      <source>Placing sounds</source>
      <translation>定位声音事件</translation>
    </message>
    <message>
      <source>From cache</source>
      <translation>来自缓存</translation>
    </message>
    <message>
      <source>Loading model</source>
      <translation>加载模型</translation>
    </message>
    <message>
      <source>Text</source>
      <translation>文字</translation>
    </message>
    <message>
      <source>Tags</source>
      <translation>标签</translation>
    </message>
    <message>
      <source>Keep/Cut</source>
      <translation>保留/剪掉</translation>
    </message>
    <message>
      <source>Waveform</source>
      <translation>波形</translation>
    </message>
    <message>
      <source>Cuts</source>
      <translation>剪辑</translation>
    </message>
    <message>
      <source>Edit text</source>
      <translation>编辑文字</translation>
    </message>
    <message>
      <source>Change event</source>
      <translation>更改事件</translation>
    </message>
    <message>
      <source>Change emotion</source>
      <translation>更改情绪</translation>
    </message>
    <message>
      <source>Split segment</source>
      <translation>拆分片段</translation>
    </message>
    <message>
      <source>Merge segments</source>
      <translation>合并片段</translation>
    </message>
    <message>
      <source>Mark keep</source>
      <translation>标记保留</translation>
    </message>
    <message>
      <source>Mark cut</source>
      <translation>标记剪掉</translation>
    </message>
    <message>
      <source>Clear mark</source>
      <translation>清除标记</translation>
    </message>
    <message>
      <source>Cut words</source>
      <translation>剪掉词语</translation>
    </message>
    <message>
      <source>Restore words</source>
      <translation>恢复词语</translation>
    </message>
    <message>
      <source>Restore pauses</source>
      <translation>恢复停顿</translation>
    </message>
    <message>
      <source>Accept marker</source>
      <translation>接受标记</translation>
    </message>
    <message>
      <source>Reject marker</source>
      <translation>拒绝标记</translation>
    </message>
    <message>
      <source>Change marker kind</source>
      <translation>更改标记类型</translation>
    </message>
    <message>
      <source>Change sensitivity</source>
      <translation>更改灵敏度</translation>
    </message>
    <message>
      <source>Premiere Pro / DaVinci Resolve (.xml)</source>
      <translation>Premiere Pro / DaVinci Resolve (.xml)</translation>
    </message>
    <message>
      <source>A sequence with the cuts; events as markers.</source>
      <translation>带剪辑的序列；事件作为标记。</translation>
    </message>
    <message>
      <source>Final Cut Pro / Resolve (.fcpxml)</source>
      <translation>Final Cut Pro / Resolve (.fcpxml)</translation>
    </message>
    <message>
      <source>A project with the cuts; events as markers.</source>
      <translation>带剪辑的项目；事件作为标记。</translation>
    </message>
    <message>
      <source>Kdenlive / OpenTimelineIO (.otio)</source>
      <translation>Kdenlive / OpenTimelineIO (.otio)</translation>
    </message>
    <message>
      <source>Kdenlive 25.04 or later, and OTIO tools.</source>
      <translation>Kdenlive 25.04 及以上版本和 OTIO 工具。</translation>
    </message>
    <message>
      <source>Kdenlive (.kdenlive)</source>
      <translation>Kdenlive (.kdenlive)</translation>
    </message>
    <message>
      <source>A Kdenlive project: cuts, coloured guides, subtitles.</source>
      <translation>Kdenlive 项目：剪辑、彩色参考线、字幕。</translation>
    </message>
    <message>
      <source>Shotcut (.mlt)</source>
      <translation>Shotcut (.mlt)</translation>
    </message>
    <message>
      <source>A Shotcut project: the cuts and markers.</source>
      <translation>Shotcut 项目：剪辑和标记。</translation>
    </message>
    <message>
      <source>EDL (CMX 3600)</source>
      <translation>EDL (CMX 3600)</translation>
    </message>
    <message>
      <source>The cuts for any editor; one video track.</source>
      <translation>适用于任何剪辑软件的剪辑表；一条视频轨。</translation>
    </message>
    <message>
      <source>Resolve markers (.edl)</source>
      <translation>Resolve 标记 (.edl)</translation>
    </message>
    <message>
      <source>Import into a Resolve timeline as coloured markers.</source>
      <translation>导入 Resolve 时间线，成为彩色标记。</translation>
    </message>
    <message>
      <source>Every editor and player reads them.</source>
      <translation>所有剪辑软件和播放器都能读取。</translation>
    </message>
    <message>
      <source>Subtitles for browsers and YouTube.</source>
      <translation>用于浏览器和 YouTube 的字幕。</translation>
    </message>
    <message>
      <source>The words, one segment a line.</source>
      <translation>文字内容，每个片段一行。</translation>
    </message>
    <message>
      <source>YouTube chapters</source>
      <translation>YouTube 章节</translation>
    </message>
    <message>
      <source>'2:15 Laughter' lines for the video's description.</source>
      <translation>用于视频简介的“2:15 笑声”式章节行。</translation>
    </message>
    <message>
      <source>LosslessCut (.csv)</source>
      <translation>LosslessCut (.csv)</translation>
    </message>
    <message>
      <source>The kept ranges, or the markers, as start,end,label.</source>
      <translation>保留的区间或标记，格式为 开始,结束,标签。</translation>
    </message>
    <message>
      <source>Cutmark project (.json)</source>
      <translation>Cutmark 项目 (.json)</translation>
    </message>
    <message>
      <source>Everything Cutmark knows; opens as a project.</source>
      <translation>Cutmark 的全部分析结果；可作为项目打开。</translation>
    </message>
    <message>
      <source>Latin script (42 characters a line)</source>
      <translation>拉丁字母（每行 42 个字符）</translation>
    </message>
    <message>
      <source>Chinese / Japanese / Korean (16 a line)</source>
      <translation>中文 / 日文 / 韩文（每行 16 个字）</translation>
    </message>
    <message>
      <source>Vertical video, shorts (about 24 a line)</source>
      <translation>竖屏短视频（每行约 24 个字符）</translation>
    </message>
    <message>
      <source>Whole video (no cut)</source>
      <translation>整段视频（不剪辑）</translation>
    </message>
    <message>
      <source>Remove silences (jump cut)</source>
      <translation>去除静音（跳剪）</translation>
    </message>
    <message>
      <source>Highlights around laughter and applause</source>
      <translation>笑声和掌声前后的精彩片段</translation>
    </message>
    <message>
      <source>My edits: cut words and keep/cut marks</source>
      <translation>我的编辑：剪掉的词语和保留/剪掉标记</translation>
    </message>
    <message>
      <source>Laughter</source>
      <translation>笑声</translation>
    </message>
    <message>
      <source>Applause</source>
      <translation>掌声</translation>
    </message>
    <message>
      <source>Music</source>
      <translation>音乐</translation>
    </message>
    <message>
      <source>Crying</source>
      <translation>哭声</translation>
    </message>
    <message>
      <source>Cough</source>
      <translation>咳嗽</translation>
    </message>
    <message>
      <source>Sneeze</source>
      <translation>喷嚏</translation>
    </message>
    <message>
      <source>Breath</source>
      <translation>呼吸声</translation>
    </message>
    <message>
      <source>Singing</source>
      <translation>歌声</translation>
    </message>
    <message>
      <source>Happy</source>
      <translation>开心</translation>
    </message>
    <message>
      <source>Sad</source>
      <translation>悲伤</translation>
    </message>
    <message>
      <source>Angry</source>
      <translation>生气</translation>
    </message>
    <message>
      <source>Fearful</source>
      <translation>恐惧</translation>
    </message>
    <message>
      <source>Disgusted</source>
      <translation>厌恶</translation>
    </message>
    <message>
      <source>Surprised</source>
      <translation>惊讶</translation>
    </message>
    <message>
      <source>Neutral</source>
      <translation>平静</translation>
    </message>
  </context>
</TS>
