<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Settle conflicts</source>
        <translation>解决冲突</translation>
    </message>
    <message>
        <source>%1 item(s) of “%2” were changed on both sides since they were last exchanged. Choose for each which value to keep; nothing is written until you press OK.</source>
        <translation>“%2”中有 %1 项自上次交换以来在双方都被修改。请逐项选择保留哪一个值；按“确定”之前不会写入任何内容。</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Interviewee</source>
        <translation>受访者</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>请选择…</translation>
    </message>
    <message>
        <source>Keep all: %1</source>
        <translation>全部保留：%1</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Answers from:</source>
        <translation>回答来源：</translation>
    </message>
    <message>
        <source>All respondents</source>
        <translation>全部受访者</translation>
    </message>
    <message>
        <source>Interviews</source>
        <translation>访谈</translation>
    </message>
    <message>
        <source>Surveys</source>
        <translation>调查问卷</translation>
    </message>
    <message>
        <source>Score the answers given in interviews, those of the survey workbooks, or all of them (by the same rules)</source>
        <translation>按相同规则，对访谈回答、调查问卷回答或全部回答评分</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>总览</translation>
    </message>
    <message>
        <source>Capabilities</source>
        <translation>能力项</translation>
    </message>
    <message>
        <source>Disagreements</source>
        <translation>分歧</translation>
    </message>
    <message>
        <source>Overrides</source>
        <translation>人工调整</translation>
    </message>
    <message>
        <source>Override selected capability...</source>
        <translation>调整所选能力项…</translation>
    </message>
    <message>
        <source>Domain</source>
        <translation>领域</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Gap</source>
        <translation>差距</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>覆盖率</translation>
    </message>
    <message>
        <source>% of target</source>
        <translation>目标达成率</translation>
    </message>
    <message>
        <source>Capability</source>
        <translation>能力项</translation>
    </message>
    <message>
        <source>Computed</source>
        <translation>计算值</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>可信度</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Spread</source>
        <translation>分歧幅度</translation>
    </message>
    <message>
        <source>Who said what</source>
        <translation>各方回答</translation>
    </message>
    <message>
        <source>Override</source>
        <translation>人工调整</translation>
    </message>
    <message>
        <source>Rationale</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>By</source>
        <translation>调整人</translation>
    </message>
    <message>
        <source>No answers yet: the results appear here as the interviews progress.</source>
        <translation>尚无回答：访谈进行时，结果会显示在这里。</translation>
    </message>
    <message>
        <source>Scoring...</source>
        <translation>正在评分……</translation>
    </message>
    <message>
        <source>No survey answers yet: export survey forms from the Interviewees tab, then import them when they come back (or drop the files on the window).</source>
        <translation>尚无调查问卷回答：请在“受访者”页导出调查问卷表，收回后再导入（或把文件拖到窗口上）。</translation>
    </message>
    <message>
        <source>No interview answers yet: the results appear here as the interviews progress.</source>
        <translation>尚无访谈回答：随着访谈推进，结果会显示在这里。</translation>
    </message>
    <message>
        <source>1 interviewee</source>
        <translation>1 位受访者</translation>
    </message>
    <message>
        <source>%1 interviewees</source>
        <translation>%1 位受访者</translation>
    </message>
    <message>
        <source>1 answer</source>
        <translation>1 个回答</translation>
    </message>
    <message>
        <source>%1 answers</source>
        <translation>%1 个回答</translation>
    </message>
    <message>
        <source>1 disagreement</source>
        <translation>1 处分歧</translation>
    </message>
    <message>
        <source>%1 disagreements</source>
        <translation>%1 处分歧</translation>
    </message>
    <message>
        <source>Overall %1 (provisional)</source>
        <translation>总体 %1（初步）</translation>
    </message>
    <message>
        <source>Overall %1</source>
        <translation>总体 %1</translation>
    </message>
    <message>
        <source>%1 (target %2)  ·  coverage %3  ·  %4</source>
        <translation>%1（目标 %2）  ·  覆盖率 %3  ·  %4</translation>
    </message>
    <message>
        <source>Provisional: only %1 of the questions are answered, so these levels may still move a lot. Interview more people before quoting them.</source>
        <translation>初步结果：仅回答了 %1 的问题，这些等级仍可能有较大变化。引用前请访谈更多人员。</translation>
    </message>
    <message>
        <source>not assessed (no answer)</source>
        <translation>未评估（无回答）</translation>
    </message>
    <message>
        <source>Maturity by domain: current vs target</source>
        <translation>各领域成熟度：现状与目标</translation>
    </message>
    <message>
        <source>Consolidated</source>
        <translation>综合</translation>
    </message>
    <message>
        <source>Capability levels by interviewee role</source>
        <translation>按受访者角色的能力等级</translation>
    </message>
    <message>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
</context>
<context>
    <name>EngagementListPage</name>
    <message>
        <source>Engagements</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Recent:</source>
        <translation>最近：</translation>
    </message>
    <message>
        <source>Search engagement, customer, consultant or industry (Ctrl+F)</source>
        <translation>搜索项目、客户、顾问或行业（Ctrl+F）</translation>
    </message>
    <message>
        <source>Show archived</source>
        <translation>显示已归档</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>&amp;Customer:</source>
        <translation>客户(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Industry:</source>
        <translation>行业(&amp;I)：</translation>
    </message>
    <message>
        <source>Ser&amp;vice:</source>
        <translation>服务(&amp;V)：</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>状态(&amp;T)：</translation>
    </message>
    <message>
        <source>Started &amp;between</source>
        <translation>开始日期(&amp;B)</translation>
    </message>
    <message>
        <source>and</source>
        <translation>至</translation>
    </message>
    <message>
        <source>any date</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>New engagement...</source>
        <translation>新建项目…</translation>
    </message>
    <message>
        <source>All customers</source>
        <translation>全部客户</translation>
    </message>
    <message>
        <source>All industries</source>
        <translation>全部行业</translation>
    </message>
    <message>
        <source>All services</source>
        <translation>全部服务</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>全部状态</translation>
    </message>
    <message numerus="yes">
        <source>%n engagement(s) shown</source>
        <translation>
            <numerusform>显示 %n 个项目</numerusform>
        </translation>
    </message>
    <message>
        <source>No engagement matches the search and filters.</source>
        <translation>没有符合搜索和筛选条件的项目。</translation>
    </message>
    <message>
        <source>No engagements yet. Create the first one, or start the workbench with &apos;omm --demo&apos; to explore sample engagements.</source>
        <translation>还没有项目。新建第一个项目，或用“omm --demo”启动工作台查看示例项目。</translation>
    </message>
</context>
<context>
    <name>EngagementPage</name>
    <message>
        <source>Engagements</source>
        <translation>项目列表</translation>
    </message>
    <message>
        <source>Back to the engagement list (Alt+Left)</source>
        <translation>返回项目列表（Alt+左箭头）</translation>
    </message>
    <message>
        <source>Setup</source>
        <translation>项目设置</translation>
    </message>
    <message>
        <source>Interviewees</source>
        <translation>受访者</translation>
    </message>
    <message>
        <source>Interview</source>
        <translation>访谈</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Planning</source>
        <translation>规划</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>组织</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>流程</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>资料清单</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核签署</translation>
    </message>
    <message>
        <source>, </source>
        <comment>list separator</comment>
        <translation>、</translation>
    </message>
    <message>
        <source>archived</source>
        <translation>已归档</translation>
    </message>
</context>
<context>
    <name>EngagementSetupForm</name>
    <message>
        <source>Engagement</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Services bought</source>
        <translation>采购的服务</translation>
    </message>
    <message>
        <source>Scope notes</source>
        <translation>范围说明</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>C&amp;onsultant:</source>
        <translation>顾问(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Start date:</source>
        <translation>开始日期(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;End date:</source>
        <translation>结束日期(&amp;E)：</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>状态(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>The language of the interviews and reports of this engagement</source>
        <translation>本项目访谈和报告使用的语言</translation>
    </message>
    <message>
        <source>C&amp;ustomer:</source>
        <translation>客户(&amp;U)：</translation>
    </message>
    <message>
        <source>Customer na&amp;me:</source>
        <translation>客户名称(&amp;M)：</translation>
    </message>
    <message>
        <source>In their &amp;words:</source>
        <translation>客户原话(&amp;W)：</translation>
    </message>
    <message>
        <source>The customer&apos;s own name for its industry, kept beside the list entry</source>
        <translation>客户自己对所属行业的说法，与列表中的行业一并保存</translation>
    </message>
    <message>
        <source>&amp;Industry:</source>
        <translation>行业(&amp;I)：</translation>
    </message>
    <message>
        <source>Benchmarks compare customers of the same industry and size</source>
        <translation>基准对标只比较同一行业、同一规模的客户</translation>
    </message>
    <message>
        <source>Si&amp;ze band:</source>
        <translation>规模档次(&amp;Z)：</translation>
    </message>
    <message>
        <source>IT &amp;headcount:</source>
        <translation>IT 人数(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Business departments:</source>
        <translation>业务部门数(&amp;B)：</translation>
    </message>
    <message>
        <source>e.g. Harbour Bank - O&amp;M maturity assessment 2026</source>
        <translation>例如：港湾银行 - 2026 运维成熟度评估</translation>
    </message>
    <message>
        <source>e.g. Banking</source>
        <translation>例如：银行</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>What is in and out of scope, sites, systems, constraints...</source>
        <translation>范围内外的内容、地点、系统、约束条件……</translation>
    </message>
    <message>
        <source>No service catalogue is installed, so no service can be chosen. See Help &gt; Content problems.</source>
        <translation>未安装服务目录，无法选择服务。请查看“帮助 &gt; 内容问题”。</translation>
    </message>
    <message>
        <source>Create engagement</source>
        <translation>创建项目</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>保存修改</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>撤销修改</translation>
    </message>
    <message>
        <source>New customer...</source>
        <translation>新客户…</translation>
    </message>
    <message>
        <source>Not in the installed service catalogue</source>
        <translation>不在已安装的服务目录中</translation>
    </message>
    <message>
        <source>Size of this service for the customer</source>
        <translation>该客户此项服务的规模</translation>
    </message>
    <message>
        <source>Unmapped</source>
        <translation>未归类</translation>
    </message>
    <message>
        <source>Enter the IT headcount to see the size the catalogue suggests.</source>
        <translation>填写 IT 人数后，将显示服务目录建议的规模。</translation>
    </message>
    <message>
        <source>Suggested size: %1</source>
        <translation>建议规模：%1</translation>
    </message>
    <message>
        <source>Enter a name for the engagement.</source>
        <translation>请填写项目名称。</translation>
    </message>
    <message>
        <source>Another engagement is already called “%1”.</source>
        <translation>已有名为“%1”的项目。</translation>
    </message>
    <message>
        <source>Enter the consultant who leads the engagement.</source>
        <translation>请填写负责本项目的顾问。</translation>
    </message>
    <message>
        <source>Enter the customer&apos;s name.</source>
        <translation>请填写客户名称。</translation>
    </message>
    <message>
        <source>A customer called “%1” already exists: choose it in the list above.</source>
        <translation>已有名为“%1”的客户：请在上方列表中选择。</translation>
    </message>
    <message>
        <source>The end date is before the start date.</source>
        <translation>结束日期早于开始日期。</translation>
    </message>
    <message>
        <source>Choose at least one service.</source>
        <translation>请至少选择一项服务。</translation>
    </message>
    <message>
        <source>The content these services need is not installed: %1</source>
        <translation>这些服务所需的内容未安装：%1</translation>
    </message>
    <message numerus="yes">
        <source>Nothing was saved: %n field(s) need attention.</source>
        <translation>
            <numerusform>未保存：有 %n 个字段需要修改。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EngagementTableModel</name>
    <message>
        <source>Engagement</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Interviewees</source>
        <translation>受访者</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>最后修改</translation>
    </message>
    <message>
        <source>Consultant:</source>
        <translation>顾问：</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>已归档</translation>
    </message>
    <message>
        <source>archived</source>
        <translation>已归档</translation>
    </message>
    <message>
        <source>, </source>
        <comment>list separator</comment>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>ErrorPresenter</name>
    <message>
        <source>O&amp;M Maturity Workbench</source>
        <translation>运维成熟度评估工作台</translation>
    </message>
    <message>
        <source>The change was not saved.</source>
        <translation>修改未保存。</translation>
    </message>
    <message>
        <source>What you entered is still on screen. Close the program that holds the database, or free some disk space, then try again.</source>
        <translation>您录入的内容仍保留在界面上。请关闭占用数据库的程序，或释放磁盘空间，然后重试。</translation>
    </message>
    <message>
        <source>Something went wrong inside the workbench.</source>
        <translation>工作台内部出现错误。</translation>
    </message>
    <message>
        <source>Your saved work is safe: every change is written to the database when you make it, and the screen you were using stays open. Please send the details below to the maintainers.</source>
        <translation>已保存的工作是安全的：每项修改在录入时即写入数据库，您正在使用的界面也保持打开。请将下方的详细信息发送给维护人员。</translation>
    </message>
</context>
<context>
    <name>EvidenceRequestsView</name>
    <message>
        <source>Requested</source>
        <translation>已索取</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已收到</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>已审阅</translation>
    </message>
    <message>
        <source>Not available</source>
        <translation>无法提供</translation>
    </message>
    <message>
        <source>Ref</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Document or record</source>
        <translation>文档或记录</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Received files</source>
        <translation>已收到的文件</translation>
    </message>
    <message>
        <source>Document:</source>
        <translation>文档：</translation>
    </message>
    <message>
        <source>Owner:</source>
        <translation>负责人：</translation>
    </message>
    <message>
        <source>Due date:</source>
        <translation>截止日期：</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <source>Answered by:</source>
        <translation>对应证据：</translation>
    </message>
    <message>
        <source>who at the customer provides it</source>
        <translation>客户方由谁提供</translation>
    </message>
    <message>
        <source>Tick the documents of the evidence register that answer this request</source>
        <translation>勾选证据登记中满足此项索取的文档</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>保存修改</translation>
    </message>
    <message>
        <source>Add document...</source>
        <translation>添加文档…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Add from the questions</source>
        <translation>按问题补充</translation>
    </message>
    <message>
        <source>Export workbook...</source>
        <translation>导出工作簿…</translation>
    </message>
    <message>
        <source>Adds the documents the questions in scope name; keeps every edit, and what you removed stays removed</source>
        <translation>补充范围内问题要求的文档；保留所有修改，已删除的条目不会再出现</translation>
    </message>
    <message>
        <source>An Excel workbook for the customer: the request list with a status drop-down, and the interview plan</source>
        <translation>发给客户的 Excel 工作簿：带状态下拉框的资料清单，以及访谈计划</translation>
    </message>
    <message numerus="yes">
        <source>%n document(s)</source>
        <translation>
            <numerusform>%n 项资料</numerusform>
        </translation>
    </message>
    <message>
        <source>saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>generated from the questions in scope, not saved yet (an edit saves it)</source>
        <translation>根据范围内问题生成，尚未保存（修改即保存）</translation>
    </message>
    <message>
        <source>Select a document to edit it.</source>
        <translation>选择一项资料进行编辑。</translation>
    </message>
    <message>
        <source>%1 — named by the questions %2</source>
        <translation>%1 — 由问题 %2 要求</translation>
    </message>
    <message>
        <source>%1 — added by hand</source>
        <translation>%1 — 手工添加</translation>
    </message>
    <message>
        <source>received</source>
        <translation>已收到</translation>
    </message>
    <message>
        <source>requested</source>
        <translation>已索取</translation>
    </message>
    <message>
        <source>The evidence register is empty.</source>
        <translation>证据登记为空。</translation>
    </message>
    <message>
        <source>Add document</source>
        <translation>添加文档</translation>
    </message>
    <message>
        <source>Document or record to ask for:</source>
        <translation>需索取的文档或记录：</translation>
    </message>
    <message>
        <source>Export evidence request list</source>
        <translation>导出资料索取清单</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>evidence requests</source>
        <translation>资料索取清单</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <source>Word and Excel files in a folder</source>
        <translation>文件夹中的Word和Excel文件</translation>
    </message>
    <message>
        <source>Word document (.docx)</source>
        <translation>Word 文档 (.docx)</translation>
    </message>
    <message>
        <source>Excel workbook (.xlsx)</source>
        <translation>Excel 工作簿 (.xlsx)</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>浏览……</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <source>By role (anonymised)</source>
        <translation>按角色（匿名）</translation>
    </message>
    <message>
        <source>By name (the customer agreed)</source>
        <translation>显示姓名（客户已同意）</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Final</source>
        <translation>定稿</translation>
    </message>
    <message>
        <source>Reviewer (on the cover)</source>
        <translation>审核人（显示在封面）</translation>
    </message>
    <message>
        <source>Interviewees:</source>
        <translation>受访者：</translation>
    </message>
    <message>
        <source>Version, status, reviewer:</source>
        <translation>版本、状态、审核人：</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Word document (*.docx)</source>
        <translation>Word 文档 (*.docx)</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Choose a folder to write into.</source>
        <translation>请选择要写入的文件夹。</translation>
    </message>
    <message>
        <source>Choose a file to write.</source>
        <translation>请选择要写入的文件。</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>文件夹 %1 不存在。</translation>
    </message>
    <message>
        <source>Preparing the preview...</source>
        <translation>正在准备预览……</translation>
    </message>
    <message>
        <source>%1 interviewees, %2 answers, %3 domains</source>
        <translation>%1 位受访者，%2 条回答，%3 个领域</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Sections</source>
        <translation>章节</translation>
    </message>
    <message>
        <source>Sheets</source>
        <translation>工作表</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Not assessed (shown as such)</source>
        <translation>未评估（报告中如实标注）</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Template:</source>
        <translation>模板：</translation>
    </message>
    <message>
        <source>Report written</source>
        <translation>报告已生成</translation>
    </message>
    <message>
        <source>The report was written to %1</source>
        <translation>报告已写入 %1</translation>
    </message>
    <message>
        <source>Open file</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
</context>
<context>
    <name>FindingsView</name>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>优势</translation>
    </message>
    <message>
        <source>Weakness</source>
        <translation>不足</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>风险</translation>
    </message>
    <message>
        <source>Observation</source>
        <translation>观察</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Quote</source>
        <translation>原话</translation>
    </message>
    <message>
        <source>Measured</source>
        <translation>度量值</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <source>Domain</source>
        <translation>领域</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>发现</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>保存修改</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>驳回</translation>
    </message>
    <message>
        <source>Back to draft</source>
        <translation>退回草稿</translation>
    </message>
    <message>
        <source>Add finding</source>
        <translation>新增发现</translation>
    </message>
    <message>
        <source>Merge selected</source>
        <translation>合并所选</translation>
    </message>
    <message>
        <source>Draft again from the answers</source>
        <translation>根据回答重新起草</translation>
    </message>
    <message>
        <source>Keeps every finding you edited, approved, rejected or added</source>
        <translation>保留您编辑、确认、驳回或新增的所有发现</translation>
    </message>
    <message>
        <source>Save summary</source>
        <translation>保存摘要</translation>
    </message>
    <message>
        <source>Save and approve</source>
        <translation>保存并确认</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <source>Executive summary</source>
        <translation>管理摘要</translation>
    </message>
    <message>
        <source>stored</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>drafted from the answers, not saved yet</source>
        <translation>根据回答起草，尚未保存</translation>
    </message>
    <message>
        <source>%1 findings, %2 approved (only these reach the reports); %3</source>
        <translation>共%1项发现，已确认%2项（只有已确认的发现会写入报告）；%3</translation>
    </message>
    <message>
        <source>New finding</source>
        <translation>新发现</translation>
    </message>
    <message>
        <source>Select two or more findings to merge.</source>
        <translation>请选择两项或以上的发现进行合并。</translation>
    </message>
</context>
<context>
    <name>InterviewView</name>
    <message>
        <source>Interviewee:</source>
        <translation>受访者：</translation>
    </message>
    <message>
        <source>Questionnaire:</source>
        <translation>问卷：</translation>
    </message>
    <message>
        <source>Don&apos;t know (U)</source>
        <translation>不清楚 (U)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Confidence:</source>
        <translation>可信度：</translation>
    </message>
    <message>
        <source>Attach file...</source>
        <translation>附加文件…</translation>
    </message>
    <message>
        <source>&lt; Previous</source>
        <translation>&lt; 上一题</translation>
    </message>
    <message>
        <source>Next &gt;</source>
        <translation>下一题 &gt;</translation>
    </message>
    <message>
        <source>Register an interviewee in the Interviewees tab, then pick them here to start the interview.</source>
        <translation>请先在“受访者”页登记受访者，然后在这里选择受访者开始访谈。</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>（未设置）</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>No questionnaire of this engagement is meant for this role.</source>
        <translation>本项目没有适用于该角色的问卷。</translation>
    </message>
    <message>
        <source>Follow-up prompts</source>
        <translation>追问提示</translation>
    </message>
    <message>
        <source>Evidence to ask for:</source>
        <translation>需索取的证据：</translation>
    </message>
    <message>
        <source>Question %1 of %2</source>
        <translation>第 %1 题，共 %2 题</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Levels: </source>
        <translation>等级：</translation>
    </message>
    <message>
        <source>level (level questions)</source>
        <translation>等级（等级题）</translation>
    </message>
    <message>
        <source>yes (yes/no questions)</source>
        <translation>是（是/否题）</translation>
    </message>
    <message>
        <source>no (yes/no questions)</source>
        <translation>否（是/否题）</translation>
    </message>
    <message>
        <source>option (choice questions)</source>
        <translation>选项（选择题）</translation>
    </message>
    <message>
        <source>type a number (number questions); leaving the field saves it</source>
        <translation>输入数字（数值题）；离开输入框即保存</translation>
    </message>
    <message>
        <source>not applicable</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>don&apos;t know</source>
        <translation>不知道</translation>
    </message>
    <message>
        <source>clear the answer</source>
        <translation>清除答案</translation>
    </message>
    <message>
        <source>flag / unflag for follow-up</source>
        <translation>标记 / 取消待跟进</translation>
    </message>
    <message>
        <source>next question</source>
        <translation>下一题</translation>
    </message>
    <message>
        <source>previous question</source>
        <translation>上一题</translation>
    </message>
    <message>
        <source>next unanswered question</source>
        <translation>下一道未答题</translation>
    </message>
    <message>
        <source>next &quot;don&apos;t know&quot;</source>
        <translation>下一道“不知道”</translation>
    </message>
    <message>
        <source>next flagged question</source>
        <translation>下一道待跟进题</translation>
    </message>
    <message>
        <source>next &quot;not applicable&quot;</source>
        <translation>下一道“不适用”</translation>
    </message>
    <message>
        <source>write a note</source>
        <translation>写备注</translation>
    </message>
    <message>
        <source>quote: who said it and when, into the note</source>
        <translation>引述：把谁在何时说的写入备注</translation>
    </message>
    <message>
        <source>leave a text field, back to the answer keys</source>
        <translation>离开文本框，回到答题键</translation>
    </message>
    <message>
        <source>leave the note</source>
        <translation>离开备注</translation>
    </message>
    <message>
        <source>search the questions</source>
        <translation>搜索题目</translation>
    </message>
    <message>
        <source>undo (shows the question it changes)</source>
        <translation>撤销（先显示所改的题目）</translation>
    </message>
    <message>
        <source>redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Not applicable (X)</source>
        <translation>不适用 (X)</translation>
    </message>
    <message>
        <source>Clear (Del)</source>
        <translation>清除 (Del)</translation>
    </message>
    <message>
        <source>Note (Alt+N):</source>
        <translation>备注 (Alt+N)：</translation>
    </message>
    <message>
        <source>Quote (Alt+Q)</source>
        <translation>引述 (Alt+Q)</translation>
    </message>
    <message>
        <source>Start a quote in the note with who said it and when</source>
        <translation>在备注中开始一段引述，注明谁在何时所说</translation>
    </message>
    <message>
        <source>What was said, documents shown... Saved as you type; Esc or Tab goes back to the answer keys.</source>
        <translation>所述内容、出示的文档……输入即保存；按 Esc 或 Tab 回到答题键。</translation>
    </message>
    <message>
        <source>Follow up (F)</source>
        <translation>待跟进 (F)</translation>
    </message>
    <message>
        <source>the note may be quoted in reports, or not</source>
        <translation>报告可否引用此备注（切换）</translation>
    </message>
    <message>
        <source>Quotable (Q)</source>
        <translation>可引用 (Q)</translation>
    </message>
    <message>
        <source>Reports may quote this note (the speaker named by role unless names are chosen at export); unmarked notes are never quoted</source>
        <translation>报告可以引用此备注（导出时未选择显示姓名则以角色称呼发言人）；未标记的备注一律不被引用</translation>
    </message>
    <message>
        <source>&lt;b&gt;Evidence&lt;/b&gt;</source>
        <translation>&lt;b&gt;证据&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Rename...</source>
        <translation>重命名...</translation>
    </message>
    <message>
        <source>Unlink</source>
        <translation>取消关联</translation>
    </message>
    <message>
        <source>Unlink from this answer; the document stays in the engagement</source>
        <translation>取消与本答案的关联；文档仍保留在项目中</translation>
    </message>
    <message>
        <source>Remove...</source>
        <translation>删除...</translation>
    </message>
    <message>
        <source>Remove the document from the engagement</source>
        <translation>从项目中删除该文档</translation>
    </message>
    <message>
        <source>Search questions (Ctrl+F)</source>
        <translation>搜索题目 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Show or hide the key legend</source>
        <translation>显示或隐藏按键说明</translation>
    </message>
    <message>
        <source>Answering is disabled: %1</source>
        <translation>无法作答：%1</translation>
    </message>
    <message>
        <source>No question matches the filter.</source>
        <translation>没有符合筛选条件的题目。</translation>
    </message>
    <message>
        <source>All questions</source>
        <translation>全部题目</translation>
    </message>
    <message>
        <source>Unanswered</source>
        <translation>未答</translation>
    </message>
    <message>
        <source>Don&apos;t know</source>
        <translation>不知道</translation>
    </message>
    <message>
        <source>Not applicable</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>Flagged for follow-up</source>
        <translation>待跟进</translation>
    </message>
    <message>
        <source>With a note</source>
        <translation>有备注</translation>
    </message>
    <message>
        <source>With evidence</source>
        <translation>有证据</translation>
    </message>
    <message>
        <source>(not judged)</source>
        <translation>（未判定）</translation>
    </message>
    <message>
        <source>Claimed: only said</source>
        <translation>声称：仅口述</translation>
    </message>
    <message>
        <source>Shown during the interview</source>
        <translation>访谈中出示</translation>
    </message>
    <message>
        <source>Verified in the records</source>
        <translation>已核实记录</translation>
    </message>
    <message>
        <source>Strength:</source>
        <translation>证据强度：</translation>
    </message>
    <message>
        <source>How far this answer was borne out; verified evidence raises the confidence of the capability&apos;s score, a claim alone does not</source>
        <translation>该回答得到证实的程度；经核实的证据会提高能力评分的可信度，仅口述则不会</translation>
    </message>
    <message>
        <source>Desk review</source>
        <translation>案头审阅</translation>
    </message>
    <message>
        <source>Workshop</source>
        <translation>研讨会</translation>
    </message>
    <message>
        <source>Survey</source>
        <translation>问卷调查</translation>
    </message>
    <message>
        <source>Answered from the evidence pack the customer sent before the visit, not in conversation; confirm doubtful points in the interviews.</source>
        <translation>依据客户在访谈前提交的证据包作答，而非通过交谈；存疑之处在访谈中确认。</translation>
    </message>
    <message>
        <source>Records from:</source>
        <translation>记录提供人：</translation>
    </message>
    <message>
        <source>Seen (Alt+Q)</source>
        <translation>已查看 (Alt+Q)</translation>
    </message>
    <message>
        <source>Note what was seen, when and from whom</source>
        <translation>记录查看了什么、何时查看、由谁提供</translation>
    </message>
    <message>
        <source>What was seen (record, sample, extract), when and from whom... Saved as you type; Esc or Tab goes back to the answer keys.</source>
        <translation>查看了什么（记录、抽样、摘录）、何时、由谁提供……输入即保存；按 Esc 或 Tab 返回答题键。</translation>
    </message>
    <message>
        <source>Guidance</source>
        <translation>提问指引</translation>
    </message>
    <message>
        <source>Records to review:</source>
        <translation>需审阅的记录：</translation>
    </message>
    <message>
        <source>Counts only if:</source>
        <translation>仅在以下条件成立时计入：</translation>
    </message>
    <message>
        <source>Level %1 needs all of:</source>
        <translation>第%1级需全部满足：</translation>
    </message>
    <message>
        <source>Level conditions</source>
        <translation>各级条件</translation>
    </message>
    <message>
        <source>Partly met:</source>
        <translation>部分满足时：</translation>
    </message>
    <message>
        <source>Yes (Y or 1)</source>
        <translation>是（Y 或 1）</translation>
    </message>
    <message>
        <source>No (N or 0)</source>
        <translation>否（N 或 0）</translation>
    </message>
    <message>
        <source>Not answered yet</source>
        <translation>尚未作答</translation>
    </message>
    <message>
        <source>Answer: not applicable</source>
        <translation>答案：不适用</translation>
    </message>
    <message>
        <source>Answer: don&apos;t know</source>
        <translation>答案：不知道</translation>
    </message>
    <message>
        <source>Answer: %1</source>
        <translation>答案：%1</translation>
    </message>
    <message>
        <source>%1 questions left</source>
        <translation>剩余 %1 题</translation>
    </message>
    <message>
        <source>1 question left</source>
        <translation>剩余 1 题</translation>
    </message>
    <message>
        <source>No unanswered question left.</source>
        <translation>没有未答的题目了。</translation>
    </message>
    <message>
        <source>No &quot;don&apos;t know&quot; answer.</source>
        <translation>没有“不知道”的答案。</translation>
    </message>
    <message>
        <source>No question is flagged for follow-up.</source>
        <translation>没有标记为待跟进的题目。</translation>
    </message>
    <message>
        <source>No &quot;not applicable&quot; answer.</source>
        <translation>没有“不适用”的答案。</translation>
    </message>
    <message>
        <source>No such question.</source>
        <translation>没有这样的题目。</translation>
    </message>
    <message>
        <source>“%1” (%2)</source>
        <translation>“%1”（%2）</translation>
    </message>
    <message>
        <source>answer to %1</source>
        <translation>回答 %1</translation>
    </message>
    <message numerus="yes">
        <source>Not saved yet: %n answer(s) (%1). They are kept here and retried every two seconds; closing the window asks what to do with them.</source>
        <translation>
            <numerusform>尚未保存：%n 个答案（%1）。它们保留在此处，每两秒重试一次；关闭窗口时会询问如何处理。</numerusform>
        </translation>
    </message>
    <message>
        <source>seen, from %1: </source>
        <translation>已查看，来自%1：</translation>
    </message>
    <message>
        <source>confidence of %1</source>
        <translation>%1 的可信度</translation>
    </message>
    <message>
        <source>evidence strength of %1</source>
        <translation>%1 的证据强度</translation>
    </message>
    <message>
        <source>follow-up flag of %1</source>
        <translation>%1 的待跟进标记</translation>
    </message>
    <message>
        <source>quotable mark of %1</source>
        <translation>%1 的可引用标记</translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation>撤销(&amp;U) %1</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation>重做(&amp;R) %1</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Link or request a document...</source>
        <translation>关联或索取文档...</translation>
    </message>
    <message>
        <source>⌨ Answer keys on</source>
        <translation>⌨ 答题键已启用</translation>
    </message>
    <message>
        <source>Typing — Esc: back to answer keys</source>
        <translation>正在输入 — Esc：回到答题键</translation>
    </message>
    <message>
        <source>Answer keys off — click the question</source>
        <translation>答题键未启用 — 请点击题目</translation>
    </message>
    <message>
        <source>A desk review has no one to quote</source>
        <translation>案头审阅没有可引用的发言人</translation>
    </message>
    <message>
        <source>N is &quot;no&quot; on yes/no questions; not applicable is X</source>
        <translation>N 只在是/否题中表示“否”；不适用请按 X</translation>
    </message>
    <message>
        <source>%1 is not an answer to this question</source>
        <translation>%1 不是本题的答案</translation>
    </message>
    <message>
        <source>Changes not saved</source>
        <translation>更改尚未保存</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) of the interview are not saved yet (%1).</source>
        <translation>
            <numerusform>访谈中有 %n 项更改尚未保存（%1）。</numerusform>
        </translation>
    </message>
    <message>
        <source>the database did not answer</source>
        <translation>数据库没有响应</translation>
    </message>
    <message>
        <source>Retry now, keep waiting (the window stays open and retries every two seconds), or discard them?</source>
        <translation>立即重试、继续等待（窗口保持打开，每两秒重试一次），还是放弃这些更改？</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>立即重试</translation>
    </message>
    <message>
        <source>Keep waiting</source>
        <translation>继续等待</translation>
    </message>
    <message numerus="yes">
        <source>Discard %n change(s)</source>
        <translation>
            <numerusform>放弃 %n 项更改</numerusform>
        </translation>
    </message>
    <message>
        <source>received</source>
        <translation>已收到</translation>
    </message>
    <message>
        <source>requested, not received</source>
        <translation>已索取，未收到</translation>
    </message>
    <message>
        <source>not saved yet</source>
        <translation>尚未保存</translation>
    </message>
    <message>
        <source>%1 requested · %2 received</source>
        <translation>已索取 %1 · 已收到 %2</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>暂无</translation>
    </message>
    <message>
        <source>requested</source>
        <translation>已索取</translation>
    </message>
    <message>
        <source>Link: %1 (%2)</source>
        <translation>关联：%1（%2）</translation>
    </message>
    <message>
        <source>Request from customer: %1</source>
        <translation>向客户索取：%1</translation>
    </message>
    <message>
        <source>Not received</source>
        <translation>未收到</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已收到</translation>
    </message>
    <message>
        <source>Mark the document as received from the customer, or not</source>
        <translation>标记该文档是否已从客户处收到</translation>
    </message>
    <message>
        <source>No file is stored for this document (it was requested, not received).</source>
        <translation>该文档没有存储文件（已索取，尚未收到）。</translation>
    </message>
    <message>
        <source>Rename evidence</source>
        <translation>重命名证据</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <source>Remove evidence</source>
        <translation>删除证据</translation>
    </message>
    <message>
        <source>Remove “%1” from the engagement, with its stored copy? Every answer it is linked to loses the link.</source>
        <translation>从项目中删除“%1”及其存储副本？所有关联的答案都会失去该关联。</translation>
    </message>
    <message>
        <source>Attach evidence</source>
        <translation>附加证据</translation>
    </message>
</context>
<context>
    <name>IntervieweeDialog</name>
    <message>
        <source>Add interviewee</source>
        <translation>添加受访者</translation>
    </message>
    <message>
        <source>Edit interviewee</source>
        <translation>编辑受访者</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>姓名(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>角色(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Department:</source>
        <translation>部门(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Contact:</source>
        <translation>联系方式(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Questionnaire:</source>
        <translation>问卷(&amp;Q)：</translation>
    </message>
    <message>
        <source>&amp;Planned for:</source>
        <translation>计划时间(&amp;P)：</translation>
    </message>
    <message>
        <source>e-mail or phone</source>
        <translation>邮箱或电话</translation>
    </message>
    <message>
        <source>not planned yet</source>
        <translation>尚未安排</translation>
    </message>
    <message>
        <source>Choose a role</source>
        <translation>请选择角色</translation>
    </message>
    <message>
        <source>(no questionnaire)</source>
        <translation>（无问卷）</translation>
    </message>
    <message>
        <source>Enter the interviewee&apos;s name.</source>
        <translation>请填写受访者姓名。</translation>
    </message>
    <message>
        <source>“%1” is already in this engagement&apos;s register.</source>
        <translation>“%1”已在本项目的受访者名单中。</translation>
    </message>
    <message>
        <source>Choose the interviewee&apos;s role.</source>
        <translation>请选择受访者的角色。</translation>
    </message>
</context>
<context>
    <name>IntervieweeRegister</name>
    <message>
        <source>Interview plan</source>
        <translation>访谈计划</translation>
    </message>
    <message>
        <source>&amp;Add interviewee...</source>
        <translation>添加受访者(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Edit...</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Remove...</source>
        <translation>移除(&amp;R)…</translation>
    </message>
    <message>
        <source>Print interview &amp;guide...</source>
        <translation>打印访谈提纲(&amp;G)…</translation>
    </message>
    <message>
        <source>A Word document with the questions of the selected interviewee&apos;s role, their guidance, follow-ups and answer scale, and room for notes: for interviews without a laptop</source>
        <translation>一份 Word 文档，包含所选受访者角色的问题、提问要点、追问和回答等级，并留有记录空间：供不便使用电脑的访谈使用</translation>
    </message>
    <message>
        <source>Survey &amp;form...</source>
        <translation>调查问卷表(&amp;F)…</translation>
    </message>
    <message>
        <source>An Excel form of one role&apos;s questions for the customer&apos;s staff to fill in, with drop-downs of the allowed answers</source>
        <translation>供客户员工填写的某一角色问题的 Excel 表，带允许回答的下拉列表</translation>
    </message>
    <message>
        <source>&amp;Import surveys...</source>
        <translation>导入调查(&amp;I)…</translation>
    </message>
    <message>
        <source>Read filled survey forms back: every file is checked first, then all are imported or none (you can also drop the files on the window)</source>
        <translation>读回已填写的调查问卷表：先检查每个文件，然后全部导入或全部不导入（也可以把文件拖到窗口上）</translation>
    </message>
    <message>
        <source>Not planned yet</source>
        <translation>尚未安排</translation>
    </message>
    <message>
        <source>Nobody is registered yet.</source>
        <translation>尚未登记受访者。</translation>
    </message>
    <message>
        <source>Roles the questionnaires ask that nobody covers yet: %1</source>
        <translation>问卷涉及但尚无人承担的角色：%1</translation>
    </message>
    <message>
        <source>Every role the questionnaires ask is covered.</source>
        <translation>问卷涉及的每个角色都已有受访者。</translation>
    </message>
    <message numerus="yes">
        <source>%n interviewee(s)</source>
        <translation>
            <numerusform>%n 位受访者</numerusform>
        </translation>
    </message>
    <message>
        <source>Save interview guide</source>
        <translation>保存访谈提纲</translation>
    </message>
    <message>
        <source>Word document (*.docx)</source>
        <translation>Word 文档 (*.docx)</translation>
    </message>
    <message>
        <source>Remove %1 from the register?</source>
        <translation>从名单中移除 %1？</translation>
    </message>
    <message numerus="yes">
        <source>Their %n answer(s) will be deleted too.</source>
        <translation>
            <numerusform>其 %n 条回答也将被删除。</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove interviewee</source>
        <translation>移除受访者</translation>
    </message>
</context>
<context>
    <name>IntervieweeTableModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系方式</translation>
    </message>
    <message>
        <source>Questionnaire</source>
        <translation>问卷</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>计划时间</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>已答</translation>
    </message>
    <message>
        <source>Last session</source>
        <translation>最近访谈</translation>
    </message>
    <message>
        <source>Answered in</source>
        <translation>回答方式</translation>
    </message>
    <message>
        <source>survey form</source>
        <translation>调查问卷表</translation>
    </message>
    <message>
        <source>interview</source>
        <translation>访谈</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>尚未开始</translation>
    </message>
</context>
<context>
    <name>LoadingPage</name>
    <message>
        <source>Opening the database and loading the content...</source>
        <translation>正在打开数据库并加载内容…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>The database could not be opened:
%1

Use File &gt; Open database... to choose another one.</source>
        <translation>无法打开数据库：
%1

请使用“文件 &gt; 打开数据库…”选择其他数据库。</translation>
    </message>
    <message>
        <source>No database open</source>
        <translation>未打开数据库</translation>
    </message>
    <message>
        <source>&amp;New engagement...</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <source>Set up a new engagement</source>
        <translation>设置新项目</translation>
    </message>
    <message>
        <source>&amp;Open engagement</source>
        <translation>打开项目(&amp;O)</translation>
    </message>
    <message>
        <source>Open the engagement selected in the list</source>
        <translation>打开列表中选中的项目</translation>
    </message>
    <message>
        <source>Open &amp;database...</source>
        <translation>打开数据库(&amp;D)…</translation>
    </message>
    <message>
        <source>Work in another SQLite database file</source>
        <translation>切换到另一个 SQLite 数据库文件</translation>
    </message>
    <message>
        <source>&amp;Settings...</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>Language, your name, start-up</source>
        <translation>语言、您的姓名、启动选项</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Duplicate as re-assessment...</source>
        <translation>复制为复评项目(&amp;D)…</translation>
    </message>
    <message>
        <source>A new engagement with the same services and interviewees, linked to this one</source>
        <translation>新建一个服务和受访者相同并关联到本项目的项目</translation>
    </message>
    <message>
        <source>&amp;Archive</source>
        <translation>归档(&amp;A)</translation>
    </message>
    <message>
        <source>Hide the engagement from the list (it is kept)</source>
        <translation>在列表中隐藏该项目（数据保留）</translation>
    </message>
    <message>
        <source>De&amp;lete...</source>
        <translation>删除(&amp;L)…</translation>
    </message>
    <message>
        <source>Delete the engagement and all its answers</source>
        <translation>删除该项目及其全部回答</translation>
    </message>
    <message>
        <source>&amp;Back to engagements</source>
        <translation>返回项目列表(&amp;B)</translation>
    </message>
    <message>
        <source>Back to the engagement list</source>
        <translation>返回项目列表</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Read the list and the open engagement again</source>
        <translation>重新读取列表和当前项目</translation>
    </message>
    <message>
        <source>&amp;Search engagements</source>
        <translation>搜索项目(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Portfolio</source>
        <translation>组合对比(&amp;P)</translation>
    </message>
    <message>
        <source>Compare engagements across customers: side by side, over time, benchmarks</source>
        <translation>跨客户比较项目：并列对比、随时间变化、基准对标</translation>
    </message>
    <message>
        <source>Se&amp;tup</source>
        <translation>项目设置(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Interviewees</source>
        <translation>受访者(&amp;I)</translation>
    </message>
    <message>
        <source>Intervie&amp;w</source>
        <translation>访谈(&amp;W)</translation>
    </message>
    <message>
        <source>R&amp;esults</source>
        <translation>结果(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Add interviewee...</source>
        <translation>添加受访者(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Start interview</source>
        <translation>开始访谈(&amp;S)</translation>
    </message>
    <message>
        <source>Show &amp;archived engagements</source>
        <translation>显示已归档项目(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Language...</source>
        <translation>语言(&amp;L)…</translation>
    </message>
    <message>
        <source>Switch the interface between English and Chinese</source>
        <translation>在中文和英文界面之间切换</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Content problems...</source>
        <translation>内容问题(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>Engagement &amp;package (.omm)...</source>
        <translation>项目数据包 (.omm)(&amp;P)…</translation>
    </message>
    <message>
        <source>One file to move the engagement to another laptop or a colleague (optionally with a password, or anonymised)</source>
        <translation>将项目打包为一个文件，转到另一台电脑或交给同事（可设密码，或匿名化）</translation>
    </message>
    <message>
        <source>&amp;Import package...</source>
        <translation>导入数据包(&amp;I)…</translation>
    </message>
    <message>
        <source>Add or merge an engagement from a .omm package, answer by answer</source>
        <translation>从 .omm 数据包添加项目，或逐条答案合并到已有项目</translation>
    </message>
    <message>
        <source>&amp;Push to team repository</source>
        <translation>推送到团队库(&amp;P)</translation>
    </message>
    <message>
        <source>Merge the selected engagement into the team repository</source>
        <translation>将所选项目合并到团队库</translation>
    </message>
    <message>
        <source>P&amp;ull from team repository...</source>
        <translation>从团队库拉取(&amp;U)…</translation>
    </message>
    <message>
        <source>Merge an engagement of the team repository into this database</source>
        <translation>将团队库中的项目合并到本数据库</translation>
    </message>
    <message>
        <source>Not available in this build yet</source>
        <translation>当前版本尚未提供</translation>
    </message>
    <message>
        <source>Word (.docx) or Excel (.xlsx), in the engagement&apos;s language</source>
        <translation>Word (.docx) 或 Excel (.xlsx)，使用项目的语言</translation>
    </message>
    <message>
        <source>Team repository password</source>
        <translation>团队库密码</translation>
    </message>
    <message>
        <source>The team repository password was stored in the settings file in clear; it has been removed from it. It is kept in memory until you quit, and asked for when you connect after the next start. To avoid typing it, put it in your PostgreSQL password file (~/.pgpass or PGPASSFILE).</source>
        <translation>团队库密码曾以明文保存在设置文件中，现已从中删除。本次运行期间它仅保留在内存中，直到退出；下次启动后连接时会再次询问。若不想每次输入，可将其放入 PostgreSQL 密码文件（~/.pgpass 或 PGPASSFILE）。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Recent engagements</source>
        <translation>最近的项目(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Engagement</source>
        <translation>项目(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Interview</source>
        <translation>访谈(&amp;I)</translation>
    </message>
    <message>
        <source>E&amp;dit</source>
        <translation>编辑(&amp;D)</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>导出(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>O&amp;M Maturity Workbench</source>
        <translation>运维成熟度评估工作台</translation>
    </message>
    <message>
        <source>Opening database...</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message numerus="yes">
        <source>Content: %n problem(s)</source>
        <translation>
            <numerusform>内容：%n 个问题</numerusform>
        </translation>
    </message>
    <message>
        <source>Content: no problems</source>
        <translation>内容：无问题</translation>
    </message>
    <message>
        <source>Content folder: %1</source>
        <translation>内容目录：%1</translation>
    </message>
    <message>
        <source>Un&amp;archive</source>
        <translation>取消归档(&amp;A)</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <source>The engagement setup has changes that are not saved.</source>
        <translation>项目设置中有尚未保存的修改。</translation>
    </message>
    <message>
        <source>Refreshed</source>
        <translation>已刷新</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>Engagement created: now register the interviewees.</source>
        <translation>项目已创建：现在请登记受访者。</translation>
    </message>
    <message>
        <source>Duplicate as re-assessment</source>
        <translation>复制为复评项目</translation>
    </message>
    <message>
        <source>Name of the new engagement (it keeps the customer, the services and the interviewees, and links back to “%1”):</source>
        <translation>新项目名称（保留客户、服务和受访者，并关联到“%1”）：</translation>
    </message>
    <message>
        <source>Created “%1” as a re-assessment of “%2”.</source>
        <translation>已创建“%1”，作为“%2”的复评项目。</translation>
    </message>
    <message>
        <source>Archived “%1”. Tick “Show archived” to see it again.</source>
        <translation>已归档“%1”。勾选“显示已归档”可再次看到它。</translation>
    </message>
    <message>
        <source>“%1” is back in the list.</source>
        <translation>“%1”已恢复到列表中。</translation>
    </message>
    <message>
        <source>Delete “%1”?</source>
        <translation>删除“%1”？</translation>
    </message>
    <message numerus="yes">
        <source>%n interviewee(s)</source>
        <translation>
            <numerusform>%n 位受访者</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n answer(s)</source>
        <translation>
            <numerusform>%n 条回答</numerusform>
        </translation>
    </message>
    <message>
        <source>This cannot be undone; archive it instead to keep it out of the list.</source>
        <translation>此操作无法撤销；如只想从列表中隐藏，请改用归档。</translation>
    </message>
    <message>
        <source>Delete engagement</source>
        <translation>删除项目</translation>
    </message>
    <message>
        <source>Deleted “%1”.</source>
        <translation>已删除“%1”。</translation>
    </message>
    <message>
        <source>Select an interviewee, then Print interview guide... writes the guide for their role.</source>
        <translation>请选择一位受访者，再点“打印访谈提纲…”，即可生成其角色的访谈提纲。</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <source>Report written: %1</source>
        <translation>报告已生成：%1</translation>
    </message>
    <message>
        <source>Open the engagement first, then drop its filled survey forms on the window.</source>
        <translation>请先打开项目，再把填好的调查问卷表拖到窗口上。</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>欢迎</translation>
    </message>
    <message>
        <source>Your name, as the consultant: it is recorded with every answer you enter (Settings changes it later).</source>
        <translation>请输入您（顾问）的姓名：它会随您录入的每个回答一起记录（以后可在“设置”中修改）。</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>以后再说</translation>
    </message>
    <message>
        <source>Not offered: the engagement did not buy a service that delivers this report (see the services in its setup)</source>
        <translation>不可用：该项目未购买提供此报告的服务（见项目设置中的服务内容）</translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written.</source>
        <translation>导出已取消，未写入任何文件。</translation>
    </message>
    <message>
        <source>Writing %1...</source>
        <translation>正在写入 %1…</translation>
    </message>
    <message>
        <source>Open or create a database</source>
        <translation>打开或新建数据库</translation>
    </message>
    <message>
        <source>omm databases (*.db *.sqlite);;All files (*)</source>
        <translation>omm 数据库 (*.db *.sqlite);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Content problems</source>
        <translation>内容问题</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) loaded.</source>
        <translation>
            <numerusform>已加载 %n 个文件。</numerusform>
        </translation>
    </message>
    <message>
        <source>Files with problems are skipped; the rest is used.</source>
        <translation>有问题的文件已跳过，其余文件正常使用。</translation>
    </message>
    <message>
        <source>Every content file is valid.</source>
        <translation>所有内容文件均有效。</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Interview: %1</source>
        <translation>访谈：%1</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Offline interviews, maturity scoring and editable reports for IT operations consultants.</source>
        <translation>面向 IT 运维咨询顾问的离线访谈、成熟度评分与可编辑报告工具。</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
</context>
<context>
    <name>NewEngagementDialog</name>
    <message>
        <source>New engagement</source>
        <translation>新建项目</translation>
    </message>
</context>
<context>
    <name>OrganisationTab</name>
    <message>
        <source>Current organisation from the survey answers</source>
        <translation>根据问卷答案生成现状组织</translation>
    </message>
    <message>
        <source>Teams, headcount, toil and on-call shares and the rotation as the organisation survey&apos;s answers give them; replaces the current organisation (Undo brings it back)</source>
        <translation>按组织问卷的答案生成团队、人数、琐事与值班时间占比及值班排班；将替换现状组织（可撤销）</translation>
    </message>
    <message>
        <source>The organisation survey has no answer on O&amp;M headcount yet: nothing to fill in.</source>
        <translation>组织问卷尚无运维人数的答案：无可填充内容。</translation>
    </message>
    <message>
        <source>Current organisation from the survey</source>
        <translation>根据问卷生成现状组织</translation>
    </message>
    <message>
        <source>Team in the rotation</source>
        <translation>参与排班的团队</translation>
    </message>
    <message>
        <source>Engineers on the rotation</source>
        <translation>排班工程师人数</translation>
    </message>
    <message>
        <source>Interaction mode</source>
        <translation>协作模式</translation>
    </message>
    <message>
        <source>With team</source>
        <translation>对方团队</translation>
    </message>
    <message>
        <source>Owner (role)</source>
        <translation>负责人（角色）</translation>
    </message>
    <message>
        <source>Interactions and owners</source>
        <translation>团队协作与流程负责人</translation>
    </message>
    <message>
        <source>Teams and sites of the selected rotation</source>
        <translation>所选排班的团队与站点</translation>
    </message>
    <message>
        <source>Add a team to the rotation</source>
        <translation>为排班添加团队</translation>
    </message>
    <message>
        <source>Remove from the rotation</source>
        <translation>移出排班</translation>
    </message>
    <message>
        <source>How teams work together (interaction modes)</source>
        <translation>团队之间如何协作（协作模式）</translation>
    </message>
    <message>
        <source>Process owners</source>
        <translation>流程负责人</translation>
    </message>
    <message>
        <source>Add interaction</source>
        <translation>添加协作关系</translation>
    </message>
    <message>
        <source>Remove interaction</source>
        <translation>删除协作关系</translation>
    </message>
    <message>
        <source>RACI for:</source>
        <translation>RACI适用于：</translation>
    </message>
    <message>
        <source>Business line where the process differs</source>
        <translation>流程有差异的业务线</translation>
    </message>
    <message>
        <source>Add a business-line variant</source>
        <translation>添加业务线变体</translation>
    </message>
    <message>
        <source>Remove variant</source>
        <translation>删除变体</translation>
    </message>
    <message>
        <source>(nobody)</source>
        <translation>（无人）</translation>
    </message>
    <message>
        <source>Select the rotation first.</source>
        <translation>请先选中排班。</translation>
    </message>
    <message>
        <source>Select the team in the rotation first.</source>
        <translation>请先选中排班中的团队。</translation>
    </message>
    <message>
        <source>a rotation needs at least one team; remove the rotation&apos;s last team by removing the team</source>
        <translation>排班至少需要一个团队；如要移除最后一个团队，请删除该团队</translation>
    </message>
    <message>
        <source>Two teams are needed for an interaction.</source>
        <translation>协作关系需要两个团队。</translation>
    </message>
    <message>
        <source>Select the interaction to remove first.</source>
        <translation>请先选中要删除的协作关系。</translation>
    </message>
    <message>
        <source>Business line %1</source>
        <translation>业务线%1</translation>
    </message>
    <message>
        <source>There is already a variant &apos;%1&apos;.</source>
        <translation>已有名为“%1”的变体。</translation>
    </message>
    <message>
        <source>Choose the variant to remove first.</source>
        <translation>请先选择要删除的变体。</translation>
    </message>
    <message>
        <source>Rename variant</source>
        <translation>重命名变体</translation>
    </message>
    <message>
        <source>the whole organisation (base RACI)</source>
        <translation>全组织（基础RACI）</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>Toil %</source>
        <translation>琐事 %</translation>
    </message>
    <message>
        <source>On-call %</source>
        <translation>值班 %</translation>
    </message>
    <message>
        <source>Project %</source>
        <translation>项目 %</translation>
    </message>
    <message>
        <source>Reports to</source>
        <translation>汇报至</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>In post</source>
        <translation>在岗人数</translation>
    </message>
    <message>
        <source>Holding the duty</source>
        <translation>兼任该职责人数</translation>
    </message>
    <message>
        <source>Rotation</source>
        <translation>值班排班</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>覆盖时段</translation>
    </message>
    <message>
        <source>People per site</source>
        <translation>各站点人数</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>Incidents per 12-hour shift</source>
        <translation>每12小时班次事件数</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>现状</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Mission</source>
        <translation>使命</translation>
    </message>
    <message>
        <source>Career path</source>
        <translation>职业发展路径</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>组织</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>发现</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>建议措施</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Add team</source>
        <translation>添加团队</translation>
    </message>
    <message>
        <source>Remove team</source>
        <translation>删除团队</translation>
    </message>
    <message>
        <source>Add on-call rotation for the team</source>
        <translation>为该团队添加值班排班</translation>
    </message>
    <message>
        <source>Propose the plan from current and target</source>
        <translation>根据现状与目标生成过渡计划</translation>
    </message>
    <message>
        <source>Target organisation</source>
        <translation>目标组织</translation>
    </message>
    <message>
        <source>Current organisation</source>
        <translation>现状组织</translation>
    </message>
    <message>
        <source>Current and target</source>
        <translation>现状与目标</translation>
    </message>
    <message>
        <source>Role catalogue</source>
        <translation>角色目录</translation>
    </message>
    <message>
        <source>RACI</source>
        <translation>RACI</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <source>Transition plan</source>
        <translation>过渡计划</translation>
    </message>
    <message>
        <source>Saved (version %1)</source>
        <translation>已保存（版本 %1）</translation>
    </message>
    <message>
        <source>New team %1</source>
        <translation>新团队 %1</translation>
    </message>
    <message>
        <source>Add on-call rotation</source>
        <translation>添加值班排班</translation>
    </message>
    <message>
        <source>Propose the transition plan</source>
        <translation>生成过渡计划</translation>
    </message>
    <message>
        <source>%1 organisation · current %2 people in %3 teams · target %4 people in %5 teams · %6 high findings · %7 RACI errors</source>
        <translation>%1组织 · 现状 %3 个团队共 %2 人 · 目标 %5 个团队共 %4 人 · 高严重度发现 %6 项 · RACI错误 %7 项</translation>
    </message>
    <message>
        <source>No teams recorded yet</source>
        <translation>尚未记录团队</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>流程</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>RACI: %1 errors, %2 warnings. Type R, A, C or I in a cell; empty clears it.</source>
        <translation>RACI：错误 %1 项，警告 %2 项。在单元格中输入 R、A、C 或 I；留空即清除。</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <source>Override capability level</source>
        <translation>人工调整能力等级</translation>
    </message>
    <message>
        <source>Capability:</source>
        <translation>能力项：</translation>
    </message>
    <message>
        <source>Computed from answers:</source>
        <translation>根据回答计算：</translation>
    </message>
    <message>
        <source>Level:</source>
        <translation>等级：</translation>
    </message>
    <message>
        <source>What did you see that the answers do not show? (required)</source>
        <translation>您看到了哪些回答中没有体现的情况？（必填）</translation>
    </message>
    <message>
        <source>Rationale:</source>
        <translation>理由：</translation>
    </message>
    <message>
        <source>Remove override</source>
        <translation>取消人工调整</translation>
    </message>
    <message>
        <source>An override needs a rationale.</source>
        <translation>人工调整需要填写理由。</translation>
    </message>
</context>
<context>
    <name>PackageController</name>
    <message>
        <source>Import engagement package</source>
        <translation>导入项目数据包</translation>
    </message>
    <message>
        <source>Engagement packages (*.omm);;All files (*)</source>
        <translation>项目数据包 (*.omm);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Password of %1:</source>
        <translation>%1 的密码：</translation>
    </message>
    <message>
        <source>Pull from the team repository</source>
        <translation>从团队库拉取</translation>
    </message>
    <message>
        <source>Engagement:</source>
        <translation>项目：</translation>
    </message>
    <message>
        <source>Package written: %1</source>
        <translation>数据包已写入：%1</translation>
    </message>
    <message>
        <source>%1 written (%2 MB): %3 answers, %4 evidence files.</source>
        <translation>已写入 %1（%2 MB）：%3 条答案，%4 个证据文件。</translation>
    </message>
    <message>
        <source>Not on this machine, listed without the file: %1</source>
        <translation>本机没有以下文件，仅列出条目：%1</translation>
    </message>
    <message>
        <source>Export engagement package</source>
        <translation>导出项目数据包</translation>
    </message>
    <message>
        <source>Writing %1...</source>
        <translation>正在写入 %1…</translation>
    </message>
    <message>
        <source>This database</source>
        <translation>本数据库</translation>
    </message>
    <message>
        <source>Checking %1...</source>
        <translation>正在检查 %1…</translation>
    </message>
    <message>
        <source>Import cancelled; nothing was changed.</source>
        <translation>已取消导入；未做任何更改。</translation>
    </message>
    <message>
        <source>Added “%1”.</source>
        <translation>已添加“%1”。</translation>
    </message>
    <message>
        <source>Merged into “%1”: %2 item(s) changed, %3 conflict(s) settled.</source>
        <translation>已合并到“%1”：更改 %2 项，解决冲突 %3 项。</translation>
    </message>
    <message>
        <source>“%1” already holds everything; nothing changed.</source>
        <translation>“%1”已包含全部内容；未做更改。</translation>
    </message>
    <message>
        <source>Exchange finished</source>
        <translation>交换完成</translation>
    </message>
    <message>
        <source>Merging</source>
        <translation>正在合并</translation>
    </message>
    <message>
        <source>Writing the merge...</source>
        <translation>正在写入合并结果…</translation>
    </message>
    <message>
        <source>Team repository</source>
        <translation>团队库</translation>
    </message>
    <message>
        <source>No team repository is set. Enter its address in Settings &gt; Team repository.</source>
        <translation>尚未设置团队库。请在“设置 &gt; 团队库”中填写地址。</translation>
    </message>
    <message>
        <source>Password for %1 at the team repository
%2:</source>
        <translation>团队库中用户 %1 的密码
%2：</translation>
    </message>
    <message>
        <source>The password was refused.</source>
        <translation>密码被拒绝。</translation>
    </message>
    <message>
        <source>Team repository password</source>
        <translation>团队库密码</translation>
    </message>
    <message>
        <source>Push to the team repository</source>
        <translation>推送到团队库</translation>
    </message>
    <message>
        <source>Comparing with the team repository...</source>
        <translation>正在与团队库比较…</translation>
    </message>
    <message>
        <source>The team repository holds no engagements yet.</source>
        <translation>团队库中还没有项目。</translation>
    </message>
    <message>
        <source>Connecting to the team repository...</source>
        <translation>正在连接团队库…</translation>
    </message>
    <message>
        <source>Cancelled; nothing was changed.</source>
        <translation>已取消；未做任何更改。</translation>
    </message>
</context>
<context>
    <name>PackageExportDialog</name>
    <message>
        <source>Export engagement package</source>
        <translation>导出项目包</translation>
    </message>
    <message>
        <source>One file with “%1”: its answers, notes, evidence files and documents. Import it on another laptop, or into the team repository; it merges answer by answer.</source>
        <translation>一个包含“%1”的文件：答案、备注、证据文件和各类文档。可在另一台电脑或团队库中导入，逐条答案合并。</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>浏览……</translation>
    </message>
    <message>
        <source>Protect with a password (encrypted)</source>
        <translation>设置密码保护（加密）</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Repeat password:</source>
        <translation>再次输入密码：</translation>
    </message>
    <message>
        <source>at least %1 characters</source>
        <translation>至少 %1 个字符</translation>
    </message>
    <message>
        <source>Anonymised copy for benchmarking</source>
        <translation>用于对标的匿名副本</translation>
    </message>
    <message>
        <source>No names, notes, quotes or evidence files; the answers, scores, findings, plan and designs are kept without the words that name or quote anyone. Imported, it is a new engagement.</source>
        <translation>不含姓名、备注、引语和证据文件；保留答案、评分、发现、规划和设计，但去掉其中提及或引用任何人的文字。导入后成为一个新项目。</translation>
    </message>
    <message>
        <source>Engagement packages (*.omm)</source>
        <translation>项目数据包 (*.omm)</translation>
    </message>
    <message>
        <source>Give a file name.</source>
        <translation>请填写文件名。</translation>
    </message>
    <message>
        <source>The password needs at least %1 characters.</source>
        <translation>密码至少需要 %1 个字符。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>PlaceholderView</name>
    <message>
        <source>%1 could not be loaded:
%2</source>
        <translation>%1无法加载：
%2</translation>
    </message>
</context>
<context>
    <name>PlanningView</name>
    <message>
        <source>Executive objectives</source>
        <translation>高管目标</translation>
    </message>
    <message>
        <source>Constraints</source>
        <translation>约束条件</translation>
    </message>
    <message>
        <source>Business departments</source>
        <translation>业务部门</translation>
    </message>
    <message>
        <source>Add objective</source>
        <translation>添加目标</translation>
    </message>
    <message>
        <source>Remove objective</source>
        <translation>删除目标</translation>
    </message>
    <message>
        <source>Add department</source>
        <translation>添加部门</translation>
    </message>
    <message>
        <source>Remove department</source>
        <translation>删除部门</translation>
    </message>
    <message>
        <source>Add initiative</source>
        <translation>添加举措</translation>
    </message>
    <message>
        <source>Remove initiative</source>
        <translation>删除举措</translation>
    </message>
    <message>
        <source>◀ One month earlier</source>
        <translation>◀ 提前一个月</translation>
    </message>
    <message>
        <source>One month later ▶</source>
        <translation>推后一个月 ▶</translation>
    </message>
    <message>
        <source>Let the scheduler place it</source>
        <translation>交由排程自动安排</translation>
    </message>
    <message>
        <source>Drag a bar, or select an initiative and press Alt+Left / Alt+Right, to move its start; a moved initiative stays where you put it.</source>
        <translation>拖动横条，或选中举措后按 Alt+左/右方向键，调整其开始时间；移动过的举措会固定在所放位置。</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>typed in the workshop</source>
        <translation>研讨会中填写</translation>
    </message>
    <message>
        <source>library</source>
        <translation>举措库</translation>
    </message>
    <message>
        <source>domain</source>
        <translation>领域</translation>
    </message>
    <message>
        <source>As agreed (double-click to change)</source>
        <translation>商定内容（双击修改）</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Initiatives of its own</source>
        <translation>本部门举措数</translation>
    </message>
    <message>
        <source>Whole organisation</source>
        <translation>全组织</translation>
    </message>
    <message>
        <source>Name (English)</source>
        <translation>名称（英文）</translation>
    </message>
    <message>
        <source>Name (Chinese)</source>
        <translation>名称（中文）</translation>
    </message>
    <message>
        <source>Capabilities</source>
        <translation>能力项</translation>
    </message>
    <message>
        <source>capability</source>
        <translation>能力项</translation>
    </message>
    <message>
        <source>Build cost</source>
        <translation>建设成本</translation>
    </message>
    <message>
        <source>Yearly run cost</source>
        <translation>年运行成本</translation>
    </message>
    <message>
        <source>Owner role</source>
        <translation>负责角色</translation>
    </message>
    <message>
        <source>Deadline (month)</source>
        <translation>截止（月）</translation>
    </message>
    <message>
        <source>Depends on (No.)</source>
        <translation>前置举措（序号）</translation>
    </message>
    <message>
        <source>End (month)</source>
        <translation>结束（月）</translation>
    </message>
    <message>
        <source>Deadlines (what: month; ...)</source>
        <translation>截止时间（事项: 月份; ...）</translation>
    </message>
    <message>
        <source>Other constraints (free text)</source>
        <translation>其他约束（自由填写）</translation>
    </message>
    <message>
        <source>%1 months</source>
        <translation>%1个月</translation>
    </message>
    <message>
        <source>not stated</source>
        <translation>未明确</translation>
    </message>
    <message>
        <source>months</source>
        <translation>个月</translation>
    </message>
    <message>
        <source>Select the objective to remove first.</source>
        <translation>请先选中要删除的目标。</translation>
    </message>
    <message>
        <source>New department %1</source>
        <translation>新部门%1</translation>
    </message>
    <message>
        <source>Select the department to remove first.</source>
        <translation>请先选中要删除的部门。</translation>
    </message>
    <message>
        <source>Select the initiative to remove first.</source>
        <translation>请先选中要删除的举措。</translation>
    </message>
    <message>
        <source>Removed &apos;%1&apos;; no longer waiting for it: %2</source>
        <translation>已删除“%1”；以下举措不再以其为前提：%2</translation>
    </message>
    <message>
        <source>Select an initiative in the roadmap first (click its bar or its row).</source>
        <translation>请先在路线图中选中一个举措（点击其横条或所在行）。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; cannot move further: it would start before month 0 or end after the plan.</source>
        <translation>“%1”无法再移动：将早于第0个月开始或晚于规划期末结束。</translation>
    </message>
    <message>
        <source>Move initiative</source>
        <translation>移动举措</translation>
    </message>
    <message>
        <source>Moved &apos;%1&apos; to month %2, but:</source>
        <translation>已将“%1”移至第%2个月，但：</translation>
    </message>
    <message>
        <source>Moved &apos;%1&apos; to month %2: its prerequisites finish in time and every phase has room.</source>
        <translation>已将“%1”移至第%2个月：其前提举措按时完成，各阶段产能均有余量。</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Saving...</source>
        <translation>正在保存……</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Objectives</source>
        <translation>业务目标</translation>
    </message>
    <message>
        <source>Targets and gaps</source>
        <translation>目标与差距</translation>
    </message>
    <message>
        <source>Initiatives</source>
        <translation>改进举措</translation>
    </message>
    <message>
        <source>Roadmap</source>
        <translation>路线图</translation>
    </message>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>排序</translation>
    </message>
    <message>
        <source>Objective</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Level needed</source>
        <translation>所需等级</translation>
    </message>
    <message>
        <source>default (%1)</source>
        <translation>默认（%1）</translation>
    </message>
    <message>
        <source>Domains</source>
        <translation>涉及领域</translation>
    </message>
    <message>
        <source>Constraint</source>
        <translation>约束</translation>
    </message>
    <message>
        <source>Domain</source>
        <translation>领域</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>现状</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Gap</source>
        <translation>差距</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Why this target</source>
        <translation>目标依据</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Initiative</source>
        <translation>举措</translation>
    </message>
    <message>
        <source>Programme</source>
        <translation>项目群</translation>
    </message>
    <message>
        <source>Effort (pm)</source>
        <translation>工作量（人月）</translation>
    </message>
    <message>
        <source>Months</source>
        <translation>工期（月）</translation>
    </message>
    <message>
        <source>Impact</source>
        <translation>收益</translation>
    </message>
    <message>
        <source>Quadrant</source>
        <translation>象限</translation>
    </message>
    <message>
        <source>Depends on</source>
        <translation>前置举措</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Capacity (pm)</source>
        <translation>产能（人月）</translation>
    </message>
    <message>
        <source>Load (pm)</source>
        <translation>负荷（人月）</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Pinned</source>
        <translation>已固定</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>关键</translation>
    </message>
    <message>
        <source>Needs a decision</source>
        <translation>待决策事项</translation>
    </message>
    <message>
        <source>Not saved until fixed:</source>
        <translation>修正前不会保存：</translation>
    </message>
    <message>
        <source>No plan: this engagement has no scored maturity model to plan from.</source>
        <translation>无规划：该项目没有可作为规划依据的成熟度评分。</translation>
    </message>
    <message>
        <source>Plan saved (version %1); every change is saved as you make it.</source>
        <translation>规划已保存（第%1版）；每次修改都会即时保存。</translation>
    </message>
    <message>
        <source>Draft from the workshop answers and the scores: the first change saves it.</source>
        <translation>根据研讨会答案和评分生成的草稿：第一次修改即会保存。</translation>
    </message>
</context>
<context>
    <name>Portfolio</name>
    <message>
        <source>top quartile</source>
        <translation>前四分之一</translation>
    </message>
    <message>
        <source>above the median</source>
        <translation>高于中位数</translation>
    </message>
    <message>
        <source>below the median</source>
        <translation>低于中位数</translation>
    </message>
    <message>
        <source>bottom quartile</source>
        <translation>后四分之一</translation>
    </message>
</context>
<context>
    <name>PortfolioPage</name>
    <message>
        <source>Portfolio</source>
        <translation>组合对比</translation>
    </message>
    <message>
        <source>← Engagements</source>
        <translation>← 项目列表</translation>
    </message>
    <message>
        <source>&amp;Anonymise customers</source>
        <translation>匿名显示客户(&amp;A)</translation>
    </message>
    <message>
        <source>Show customers as letters (Customer A, B ...) on the screen and in exports</source>
        <translation>在屏幕和导出文件中以字母代称客户（客户A、B……）</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>Levels and domain columns are those of one model; engagements scored on another model are listed under it</source>
        <translation>等级和领域列来自同一个模型；按其他模型评分的项目在选择该模型后列出</translation>
    </message>
    <message>
        <source>&amp;Industry:</source>
        <translation>行业(&amp;I)：</translation>
    </message>
    <message>
        <source>Si&amp;ze:</source>
        <translation>规模(&amp;Z)：</translation>
    </message>
    <message>
        <source>Ser&amp;vice:</source>
        <translation>服务(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;Year:</source>
        <translation>年份(&amp;Y)：</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Trend</source>
        <translation>趋势</translation>
    </message>
    <message>
        <source>Benchmark</source>
        <translation>基准对标</translation>
    </message>
    <message>
        <source>Radar</source>
        <translation>雷达图</translation>
    </message>
    <message>
        <source>Bars per domain</source>
        <translation>各领域柱状图</translation>
    </message>
    <message>
        <source>Export &amp;Word...</source>
        <translation>导出 Word(&amp;W)…</translation>
    </message>
    <message>
        <source>Export E&amp;xcel...</source>
        <translation>导出 Excel(&amp;X)…</translation>
    </message>
    <message>
        <source>Improved most</source>
        <translation>提升最多</translation>
    </message>
    <message>
        <source>Fell back</source>
        <translation>有所回落</translation>
    </message>
    <message>
        <source>Capabilities commonly weak (in the lowest two levels of the scale)</source>
        <translation>普遍薄弱的能力（处于量表最低两级）</translation>
    </message>
    <message>
        <source>Scoring %v of %m engagements</source>
        <translation>正在计分：第 %v / %m 个项目</translation>
    </message>
    <message>
        <source>Loading was cancelled; the engagements scored so far are kept for next time. Press Refresh to continue.</source>
        <translation>已取消加载；已计分的项目会保留到下次。按“刷新”继续。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>All models (overall level only)</source>
        <translation>全部模型（仅总体等级）</translation>
    </message>
    <message>
        <source>All industries</source>
        <translation>全部行业</translation>
    </message>
    <message>
        <source>Unmapped</source>
        <translation>未归类</translation>
    </message>
    <message>
        <source>All sizes</source>
        <translation>全部规模</translation>
    </message>
    <message>
        <source>All services</source>
        <translation>全部服务</translation>
    </message>
    <message>
        <source>All years</source>
        <translation>全部年份</translation>
    </message>
    <message>
        <source>Loading the portfolio...</source>
        <translation>正在加载组合…</translation>
    </message>
    <message>
        <source>%1 of %2 engagements</source>
        <translation>%1 / %2 个项目</translation>
    </message>
    <message>
        <source>Engagements scored on different models: each shows its own model&apos;s overall level; choose a model to see domain levels.</source>
        <translation>这些项目按不同模型评分：各自显示其模型的总体等级；选择一个模型可查看各领域等级。</translation>
    </message>
    <message>
        <source>, </source>
        <comment>list separator</comment>
        <translation>、</translation>
    </message>
    <message>
        <source>%1 engagement(s) scored on other models are not listed: %2. Choose them under Model.</source>
        <translation>另有%1个按其他模型评分的项目未列出：%2。可在“模型”中选择查看。</translation>
    </message>
    <message>
        <source>Select two or more engagements (Ctrl+click or Shift+click) to compare them; the trend and the benchmark follow the first one selected.</source>
        <translation>选择两个或更多项目（Ctrl+单击或 Shift+单击）进行对比；趋势和基准对标以所选的第一个项目为准。</translation>
    </message>
    <message>
        <source>%1 engagements selected.</source>
        <translation>已选择 %1 个项目。</translation>
    </message>
    <message>
        <source>Select at least two engagements in the table to compare them.</source>
        <translation>请在表格中至少选择两个项目进行对比。</translation>
    </message>
    <message>
        <source>Not compared (no scores for the same model): %1</source>
        <translation>未参与对比（没有同一模型的得分）：%1</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Overall</source>
        <translation>总体</translation>
    </message>
    <message>
        <source>Select an engagement: its customer&apos;s assessments are shown in date order.</source>
        <translation>请选择一个项目：按日期显示该客户的各次评估。</translation>
    </message>
    <message>
        <source>%1 has one scored assessment so far: a trend needs a re-assessment (Engagement &gt; Duplicate as re-assessment).</source>
        <translation>%1 目前只有一次已计分的评估：趋势需要复评（项目 &gt; 复制为复评）。</translation>
    </message>
    <message>
        <source>%1: %2 assessments in date order.</source>
        <translation>%1：按日期排列的 %2 次评估。</translation>
    </message>
    <message>
        <source>Capability</source>
        <translation>能力</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起</translation>
    </message>
    <message>
        <source>To</source>
        <translation>止</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>No scored engagement to benchmark yet.</source>
        <translation>尚无已计分的项目可供对标。</translation>
    </message>
    <message>
        <source>every industry</source>
        <translation>所有行业</translation>
    </message>
    <message>
        <source>every size</source>
        <translation>所有规模</translation>
    </message>
    <message>
        <source>no engagement selected</source>
        <translation>未选择项目</translation>
    </message>
    <message>
        <source>%1 against %2 other engagements (%3) scored with %4. Figures are shown for groups of at least %5 engagements.</source>
        <translation>%1 与其他 %2 个使用 %4 计分的项目（%3）对比。只有不少于 %5 个项目的组才显示数值。</translation>
    </message>
    <message>
        <source>Domain</source>
        <translation>领域</translation>
    </message>
    <message>
        <source>n</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Lower quartile</source>
        <translation>下四分位</translation>
    </message>
    <message>
        <source>Median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <source>Upper quartile</source>
        <translation>上四分位</translation>
    </message>
    <message>
        <source>Selected</source>
        <translation>所选项目</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>fewer than %1</source>
        <translation>少于 %1 个</translation>
    </message>
    <message>
        <source>Capabilities commonly weak: shown from %1 assessed engagements on</source>
        <translation>普遍薄弱的能力：至少 %1 个已评估项目时显示</translation>
    </message>
    <message>
        <source>Weak in</source>
        <translation>薄弱占比</translation>
    </message>
    <message>
        <source>comparison</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Word document (*.docx)</source>
        <translation>Word 文档 (*.docx)</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Export comparison</source>
        <translation>导出对比</translation>
    </message>
    <message>
        <source>Written %1</source>
        <translation>已写入 %1</translation>
    </message>
</context>
<context>
    <name>PortfolioTableModel</name>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Engagement</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>规模</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Overall</source>
        <translation>总体</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>覆盖率</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>The customer&apos;s words:</source>
        <translation>客户原话：</translation>
    </message>
    <message>
        <source>unmapped</source>
        <translation>未归类</translation>
    </message>
    <message>
        <source>, </source>
        <comment>list separator</comment>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>ProcessesTab</name>
    <message>
        <source>Process</source>
        <translation>流程</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Capability</source>
        <translation>能力项</translation>
    </message>
    <message>
        <source>Gap</source>
        <translation>差距</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>覆盖率</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>发现项</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>strength</source>
        <translation>优势</translation>
    </message>
    <message>
        <source>weakness</source>
        <translation>不足</translation>
    </message>
    <message>
        <source>risk</source>
        <translation>风险</translation>
    </message>
    <message>
        <source>observation</source>
        <translation>观察</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>weekly</source>
        <translation>每周</translation>
    </message>
    <message>
        <source>monthly</source>
        <translation>每月</translation>
    </message>
    <message>
        <source>quarterly</source>
        <translation>每季度</translation>
    </message>
    <message>
        <source>hands over</source>
        <translation>移交</translation>
    </message>
    <message>
        <source>receives</source>
        <translation>接收</translation>
    </message>
    <message>
        <source>New item</source>
        <translation>新条目</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>移动</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>触发条件</translation>
    </message>
    <message>
        <source>Role id</source>
        <translation>角色编号</translation>
    </message>
    <message>
        <source>Name (English)</source>
        <translation>名称（英文）</translation>
    </message>
    <message>
        <source>Name (中文)</source>
        <translation>名称（中文）</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>SOP step</source>
        <translation>操作步骤</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>目的</translation>
    </message>
    <message>
        <source>New tool</source>
        <translation>新工具</translation>
    </message>
    <message>
        <source>Other process</source>
        <translation>对方流程</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>This activity</source>
        <translation>本流程活动</translation>
    </message>
    <message>
        <source>Other activity</source>
        <translation>对方活动</translation>
    </message>
    <message>
        <source>Hand-off</source>
        <translation>交接内容</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Kept for</source>
        <translation>保存期限</translation>
    </message>
    <message>
        <source>New record</source>
        <translation>新记录</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>章节</translation>
    </message>
    <message>
        <source>Text (English)</source>
        <translation>正文（英文）</translation>
    </message>
    <message>
        <source>Text (中文)</source>
        <translation>正文（中文）</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>From month</source>
        <translation>起始月</translation>
    </message>
    <message>
        <source>Months</source>
        <translation>月数</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Base</source>
        <translation>基础规范</translation>
    </message>
    <message>
        <source>Business line (English)</source>
        <translation>业务线（英文）</translation>
    </message>
    <message>
        <source>Business line (中文)</source>
        <translation>业务线（中文）</translation>
    </message>
    <message>
        <source>Business line</source>
        <translation>业务线</translation>
    </message>
    <message>
        <source>What differs</source>
        <translation>差异项</translation>
    </message>
    <message>
        <source>Business line&apos;s own</source>
        <translation>业务线自有规定</translation>
    </message>
    <message>
        <source>KPI</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Formula</source>
        <translation>公式</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Better when</source>
        <translation>优化方向</translation>
    </message>
    <message>
        <source>higher</source>
        <translation>越高越好</translation>
    </message>
    <message>
        <source>lower</source>
        <translation>越低越好</translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation>基线</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>报告频率</translation>
    </message>
    <message>
        <source>Definition</source>
        <translation>定义</translation>
    </message>
    <message>
        <source>Data source</source>
        <translation>数据来源</translation>
    </message>
    <message>
        <source>Baseline from</source>
        <translation>基线来源</translation>
    </message>
    <message>
        <source>Target note</source>
        <translation>目标说明</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Load again</source>
        <translation>重新读取</translation>
    </message>
    <message>
        <source>Reading the processes of this engagement...</source>
        <translation>正在读取本项目的流程…</translation>
    </message>
    <message>
        <source>Loading was cancelled.</source>
        <translation>已取消读取。</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Assessment</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Specification</source>
        <translation>规范</translation>
    </message>
    <message>
        <source>Flow diagram</source>
        <translation>流程图</translation>
    </message>
    <message>
        <source>KPIs</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概要</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Activities and RACI</source>
        <translation>活动与RACI</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>Interfaces</source>
        <translation>接口</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Specification text</source>
        <translation>规范正文</translation>
    </message>
    <message>
        <source>Rollout plan</source>
        <translation>推行计划</translation>
    </message>
    <message>
        <source>Business-line variants</source>
        <translation>业务线变体</translation>
    </message>
    <message>
        <source>Process owner</source>
        <translation>流程负责人</translation>
    </message>
    <message>
        <source>Add custom role</source>
        <translation>添加自定义角色</translation>
    </message>
    <message>
        <source>Add business line</source>
        <translation>添加业务线</translation>
    </message>
    <message>
        <source>Remove business line</source>
        <translation>删除业务线</translation>
    </message>
    <message>
        <source>A Large engagement tailors a process per business line (change windows, incident severities ...). Type only what differs; an empty cell keeps the base. The differences are listed below.</source>
        <translation>大型项目可按业务线裁剪流程（如变更窗口、事件级别等）。只需填写不同之处，空白单元格沿用基础规范。差异列于下方。</translation>
    </message>
    <message>
        <source>Saved (version %1)</source>
        <translation>已保存（版本%1）</translation>
    </message>
    <message>
        <source>New role</source>
        <translation>新角色</translation>
    </message>
    <message>
        <source>New KPI</source>
        <translation>新指标</translation>
    </message>
    <message>
        <source>Business line %1</source>
        <translation>业务线%1</translation>
    </message>
    <message>
        <source>New step</source>
        <translation>新步骤</translation>
    </message>
    <message>
        <source>Large</source>
        <translation>大型</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中型</translation>
    </message>
    <message>
        <source>the organisation design</source>
        <translation>组织设计</translation>
    </message>
    <message>
        <source>the organisation model</source>
        <translation>组织模型</translation>
    </message>
    <message>
        <source>the process model</source>
        <translation>流程模型</translation>
    </message>
    <message>
        <source>%1 — process optimisation (%2); RACI from %3</source>
        <translation>%1 — 流程优化（%2）；RACI来自%3</translation>
    </message>
    <message>
        <source>editing</source>
        <translation>编辑中</translation>
    </message>
    <message>
        <source>not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>%1 error(s)</source>
        <translation>%1个错误</translation>
    </message>
    <message>
        <source>Back to draft</source>
        <translation>退回草稿</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <source>%1: level %2 against target %3; %4 finding(s) from the diagnosis.</source>
        <translation>%1：当前等级%2，目标%3；诊断发现项%4条。</translation>
    </message>
    <message>
        <source>%1 is not assessed yet: answer its deep-dive questionnaire in the Interview tab.</source>
        <translation>%1尚未评估：请在“访谈”页回答其专项诊断问卷。</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>Problems (%1)</source>
        <translation>问题（%1）</translation>
    </message>
    <message>
        <source>Problems (%1, %2 errors)</source>
        <translation>问题（%1，其中%2个错误）</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>SOP steps of “%1” (choose an activity above)</source>
        <translation>“%1”的操作步骤（在上方选择活动）</translation>
    </message>
    <message>
        <source>What this section must say: %1</source>
        <translation>本章节应写明：%1</translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message>
        <source>questions in scope nobody answered</source>
        <translation>范围内无人回答的问题</translation>
    </message>
    <message>
        <source>answers flagged for follow-up</source>
        <translation>标记需跟进的回答</translation>
    </message>
    <message>
        <source>capabilities scored with low confidence</source>
        <translation>可信度低的能力评分</translation>
    </message>
    <message>
        <source>questions whose answers disagree (no override settles them)</source>
        <translation>回答存在分歧的问题（尚无顾问修正）</translation>
    </message>
    <message>
        <source>documents still requested from the customer</source>
        <translation>仍在向客户索取的文档</translation>
    </message>
    <message>
        <source>findings still in draft</source>
        <translation>仍为草稿的发现</translation>
    </message>
    <message>
        <source>Before the report is final</source>
        <translation>报告定稿前</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <source>Sign-off</source>
        <translation>签署</translation>
    </message>
    <message>
        <source>Lead consultant:</source>
        <translation>主责顾问：</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <source>Snapshot label:</source>
        <translation>快照标签：</translation>
    </message>
    <message>
        <source>e.g. presented to the steering committee</source>
        <translation>例如：向指导委员会汇报的版本</translation>
    </message>
    <message>
        <source>Sign off although items are still open (they are recorded)</source>
        <translation>尽管仍有未决事项也签署（将记录在案）</translation>
    </message>
    <message>
        <source>Sign off</source>
        <translation>签署</translation>
    </message>
    <message>
        <source>Freezes the scores, findings and plans as presented in a snapshot that later edits do not change</source>
        <translation>将汇报时的评分、发现和规划冻结为快照，之后的修改不会改变它</translation>
    </message>
    <message>
        <source>Snapshots</source>
        <translation>快照</translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>快照</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Signed off by</source>
        <translation>签署人</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Take snapshot</source>
        <translation>创建快照</translation>
    </message>
    <message>
        <source>Report from snapshot...</source>
        <translation>按快照生成报告…</translation>
    </message>
    <message>
        <source>Start re-assessment...</source>
        <translation>开始复评…</translation>
    </message>
    <message>
        <source>The same report whenever it is made: dated and named after the snapshot</source>
        <translation>无论何时生成都相同：使用快照的日期和名称</translation>
    </message>
    <message>
        <source>Nothing is open: ready to sign off.</source>
        <translation>没有未决事项：可以签署。</translation>
    </message>
    <message>
        <source>Resolve these, or sign off accepting them.</source>
        <translation>请处理这些事项，或在接受它们的情况下签署。</translation>
    </message>
    <message>
        <source>(not signed off)</source>
        <translation>（未签署）</translation>
    </message>
    <message>
        <source>This re-assessment started from snapshot %1: %2 answers new, %3 changed, %4 carried over, %5 withdrawn.</source>
        <translation>本次复评基于快照 %1：新增回答 %2 条，变更 %3 条，沿用 %4 条，撤回 %5 条。</translation>
    </message>
    <message>
        <source>Report from snapshot</source>
        <translation>按快照生成报告</translation>
    </message>
    <message>
        <source>Report:</source>
        <translation>报告：</translation>
    </message>
    <message>
        <source>Start re-assessment</source>
        <translation>开始复评</translation>
    </message>
    <message>
        <source>Name of the new engagement:</source>
        <translation>新项目名称：</translation>
    </message>
    <message>
        <source>%1 - re-assessment %2</source>
        <translation>%1 - %2 复评</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Interface language:</source>
        <translation>界面语言：</translation>
    </message>
    <message>
        <source>Your name (consultant):</source>
        <translation>您的姓名（顾问）：</translation>
    </message>
    <message>
        <source>Recorded with every answer you enter</source>
        <translation>记录在您录入的每条回答中</translation>
    </message>
    <message>
        <source>Reopen the last engagement at start-up</source>
        <translation>启动时重新打开上次的项目</translation>
    </message>
    <message>
        <source>Team repository</source>
        <translation>团队库</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <source>The PostgreSQL database the team shares; File &gt; Push and Pull exchange engagements with it</source>
        <translation>团队共用的 PostgreSQL 数据库；通过“文件 &gt; 推送/拉取”与其交换项目</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>asked when connecting</source>
        <translation>连接时询问</translation>
    </message>
    <message>
        <source>Never saved: kept until you quit, asked again at the next start. Leave it empty to use your PostgreSQL password file (~/.pgpass or PGPASSFILE) or a service file (?service=NAME).</source>
        <translation>从不保存：仅保留到退出，下次启动时再次询问。留空则使用 PostgreSQL 密码文件（~/.pgpass 或 PGPASSFILE）或服务文件（?service=名称）。</translation>
    </message>
    <message>
        <source>The language applies at once to menus and screens. Questionnaire and model texts follow it; each engagement keeps its own report language.</source>
        <translation>语言会立即应用到菜单和各个界面，问卷和模型文本也随之切换；每个项目的报告语言单独设置。</translation>
    </message>
    <message>
        <source>Report covers</source>
        <translation>报告封面</translation>
    </message>
    <message>
        <source>Consultancy name:</source>
        <translation>咨询机构名称：</translation>
    </message>
    <message>
        <source>None: the covers name no firm</source>
        <translation>不填：封面不显示机构名称</translation>
    </message>
    <message>
        <source>Logo:</source>
        <translation>标志：</translation>
    </message>
    <message>
        <source>None: the template&apos;s neutral mark</source>
        <translation>不填：使用模板的中性标志</translation>
    </message>
    <message>
        <source>A PNG or JPEG image of at most 2 MB, shown on the cover of every report</source>
        <translation>PNG 或 JPEG 图片，不超过 2 MB，显示在每份报告的封面上</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Choose the consultancy&apos;s logo</source>
        <translation>选择咨询机构的标志</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>图片 (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>This logo cannot be used: %1</source>
        <translation>无法使用此标志：%1</translation>
    </message>
</context>
<context>
    <name>Size</name>
    <message>
        <source>Standard</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中型</translation>
    </message>
    <message>
        <source>Large</source>
        <translation>大型</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>Planned</source>
        <translation>计划中</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Reporting</source>
        <translation>报告阶段</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
</context>
<context>
    <name>SurveyExportDialog</name>
    <message>
        <source>Survey form</source>
        <translation>调查问卷表</translation>
    </message>
    <message>
        <source>An Excel workbook for the customer&apos;s staff to fill in: the questions of one role, each with a drop-down of the allowed answers, in the respondent&apos;s language. Import the filled forms with Import surveys or by dropping them on the window.</source>
        <translation>供客户员工填写的 Excel 工作簿：包含某一角色的问题，每题都有允许回答的下拉列表，使用填写人的语言。填好的表可通过“导入调查”或直接拖到窗口上导入。</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
</context>
<context>
    <name>SurveyFlow</name>
    <message>
        <source>Save survey form</source>
        <translation>保存调查问卷表</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Import filled survey forms</source>
        <translation>导入已填写的调查问卷表</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Replace earlier survey answers?</source>
        <translation>替换之前的调查回答？</translation>
    </message>
    <message>
        <source>Nothing was imported</source>
        <translation>未导入任何内容</translation>
    </message>
    <message>
        <source>Survey forms imported</source>
        <translation>调查问卷表已导入</translation>
    </message>
    <message>
        <source>No questionnaire of this engagement names a role.</source>
        <translation>本项目的问卷均未指定角色。</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) in the forms. Nothing was imported: fix the forms (or ask the respondents to) and import them again.</source>
        <translation>
            <numerusform>问卷表中有 %n 个问题。未导入任何内容：请修正问卷表（或请填写人修正）后重新导入。</numerusform>
        </translation>
    </message>
    <message>
        <source>These respondents already answered a survey; their newer forms would replace the earlier answers:</source>
        <translation>以下填写人已提交过调查问卷，新的问卷表将替换之前的回答：</translation>
    </message>
    <message numerus="yes">
        <source>%n new respondent(s)</source>
        <translation>
            <numerusform>%n 位新填写人</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n replaced</source>
        <translation>
            <numerusform>%n 份已替换</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unchanged (imported before)</source>
        <translation>
            <numerusform>%n 份未变化（之前已导入）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n form(s): %1.</source>
        <translation>
            <numerusform>已导入 %n 份问卷表：%1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Import surveys</source>
        <translation>导入调查</translation>
    </message>
    <message>
        <source>Reading the survey forms...</source>
        <translation>正在读取调查问卷表…</translation>
    </message>
</context>
<context>
    <name>Tasks</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancelling...</source>
        <translation>正在取消…</translation>
    </message>
</context>
</TS>
