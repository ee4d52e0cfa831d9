<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>AnswerBox</name>
    <message>
        <source>Your answer</source>
        <translation>あなたの回答</translation>
    </message>
    <message>
        <source>Pulmonary hypertension?</source>
        <translation>肺高血圧症はありますか?</translation>
    </message>
    <message>
        <source>&amp;Yes, PH</source>
        <translation>はい、PH あり(&amp;Y)</translation>
    </message>
    <message>
        <source>&amp;No PH</source>
        <translation>いいえ、PH なし(&amp;N)</translation>
    </message>
    <message>
        <source>not set yet</source>
        <translation>未設定</translation>
    </message>
    <message>
        <source>I have set my confidence</source>
        <translation>確信度を設定しました</translation>
    </message>
    <message>
        <source>Tick to accept the slider where it is; moving the slider ticks it too</source>
        <translation>スライダーの現在位置で確定するにはチェックします。スライダーを動かしても自動でチェックされます</translation>
    </message>
    <message>
        <source>0 guessing</source>
        <translation>0 推測</translation>
    </message>
    <message>
        <source>100 certain</source>
        <translation>100 確実</translation>
    </message>
    <message>
        <source>Definitely no</source>
        <translation>確実になし</translation>
    </message>
    <message>
        <source>Probably no</source>
        <translation>おそらくなし</translation>
    </message>
    <message>
        <source>Uncertain</source>
        <translation>どちらともいえない</translation>
    </message>
    <message>
        <source>Probably yes</source>
        <translation>おそらくあり</translation>
    </message>
    <message>
        <source>Definitely yes</source>
        <translation>確実にあり</translation>
    </message>
    <message>
        <source>Key {k}</source>
        <translation>キー {k}</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未設定</translation>
    </message>
    <message>
        <source>Probability of PH</source>
        <translation>PH の確率</translation>
    </message>
    <message>
        <source>0 % = certainly no PH</source>
        <translation>0% = 確実に PH なし</translation>
    </message>
    <message>
        <source>100 % = certainly PH</source>
        <translation>100% = 確実に PH</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <source>No</source>
        <translation>いいえ</translation>
    </message>
    <message>
        <source>Comment (optional)</source>
        <translation>コメント（任意）</translation>
    </message>
</context>
<context>
    <name>BannerStrip</name>
    <message>
        <source>Loading the model bundle from {where} …</source>
        <translation>{where} からモデルバンドルを読み込んでいます …</translation>
    </message>
    <message>
        <source>Loading the model bundle …</source>
        <translation>モデルバンドルを読み込んでいます …</translation>
    </message>
    <message>
        <source>Model: {name} · {value}</source>
        <translation>モデル: {name} · {value}</translation>
    </message>
    <message>
        <source>Model bundle {name}
ID {value}</source>
        <translation>モデルバンドル {name}
ID {value}</translation>
    </message>
</context>
<context>
    <name>CXRPanel</name>
    <message>
        <source>Window/level presets: the file default (R), Lung (L), Mediastinum (M), the file&apos;s windows (D), full range</source>
        <translation>ウィンドウ条件のプリセット: ファイルの既定値 (R)、肺野 (L)、縦隔 (M)、ファイル内のウィンドウ (D)、全範囲</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>リセット</translation>
    </message>
    <message>
        <source>Reset the window to the file default (R)</source>
        <translation>ウィンドウ条件をファイルの既定値に戻す (R)</translation>
    </message>
    <message>
        <source>W/L</source>
        <translation>WW/WL</translation>
    </message>
    <message>
        <source>Left drag: window (right = wider) / level (down = higher); the right button always does W/L</source>
        <translation>左ドラッグ: ウィンドウ幅（右 = 広く） / レベル（下 = 高く）。右ボタンは常に WW/WL</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>移動</translation>
    </message>
    <message>
        <source>Left drag: pan; the middle button always pans</source>
        <translation>左ドラッグ: 画像の移動。中ボタンは常に移動</translation>
    </message>
    <message>
        <source>Ruler</source>
        <translation>計測</translation>
    </message>
    <message>
        <source>Left drag: measure a distance (Esc clears)</source>
        <translation>左ドラッグ: 距離を計測（Esc で消去）</translation>
    </message>
    <message>
        <source>CTR</source>
        <translation>CTR</translation>
    </message>
    <message>
        <source>Cardiothoracic ratio (C): left drag the maximal cardiac width, then the maximal internal thoracic width (kept horizontal); Esc clears</source>
        <translation>心胸郭比 (C): 左ドラッグで心横径の最大幅、続いて胸郭内径の最大幅を指定（水平に固定）。Esc で消去</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>全体表示</translation>
    </message>
    <message>
        <source>Fit the image to the window (F, double click)</source>
        <translation>画像をウィンドウに合わせる（F、ダブルクリック）</translation>
    </message>
    <message>
        <source>One image pixel per screen pixel (1)</source>
        <translation>等倍表示: 画像1ピクセル = 画面1ピクセル (1)</translation>
    </message>
    <message>
        <source>Zoom out (-)</source>
        <translation>縮小 (-)</translation>
    </message>
    <message>
        <source>Zoom in (+, wheel)</source>
        <translation>拡大（+、ホイール）</translation>
    </message>
    <message>
        <source>Zoom: screen pixels per image pixel</source>
        <translation>倍率: 画像1ピクセルあたりの画面ピクセル数</translation>
    </message>
    <message>
        <source>Grad-CAM</source>
        <translation>Grad-CAM</translation>
    </message>
    <message>
        <source>Show the Grad-CAM heat map of the X-ray model over the image: where the model&apos;s evidence lay, not a localisation of disease</source>
        <translation>胸部X線モデルの Grad-CAM ヒートマップを画像に重ねて表示します。モデルが根拠とした部位であり、病変の局在を示すものではありません</translation>
    </message>
    <message>
        <source>Outline</source>
        <translation>輪郭表示</translation>
    </message>
    <message>
        <source>Show the Grad-CAM map as contour lines at three levels of the same colour scale, so the heart border and hila stay visible (O); off: the filled heat map</source>
        <translation>Grad-CAM マップを同じカラースケールの3段階の等高線で表示し、心陰影の輪郭と肺門を見えるままにします (O)。オフ: 塗りつぶしのヒートマップ</translation>
    </message>
    <message>
        <source>Heat-map opacity</source>
        <translation>ヒートマップの不透明度</translation>
    </message>
    <message>
        <source>Invert</source>
        <translation>白黒反転</translation>
    </message>
    <message>
        <source>Invert the grey scale (I)</source>
        <translation>グレースケールを反転 (I)</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>ヘッダー</translation>
    </message>
    <message>
        <source>The DICOM header: identifiers never shown, free text withheld (H)</source>
        <translation>DICOM ヘッダー: 識別情報は表示せず、自由記述は伏せます (H)</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>ウィンドウ</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>ツール</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>既定値</translation>
    </message>
    <message>
        <source>The file&apos;s default display ({voi})</source>
        <translation>ファイルの既定表示 ({voi})</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>カスタム</translation>
    </message>
    <message>
        <source>Set by dragging</source>
        <translation>ドラッグで設定</translation>
    </message>
    <message>
        <source>No DICOM header: the image is not a DICOM file</source>
        <translation>DICOM ヘッダーなし: この画像は DICOM ファイルではありません</translation>
    </message>
    <message>
        <source>Orientation (Patient Orientation): {edges}</source>
        <translation>方向 (Patient Orientation): {edges}</translation>
    </message>
    <message>
        <source>Orientation: the file gives no Patient Orientation; no side markers are shown</source>
        <translation>方向: ファイルに Patient Orientation がないため、左右マーカーは表示されません</translation>
    </message>
    <message>
        <source>{window_description}
Window centre (C) and width (W) in stored pixel values (after Rescale); drag right = wider, drag down = higher level</source>
        <translation>{window_description}
ウィンドウレベル (C) と幅 (W) は格納画素値（Rescale 後）。右へドラッグ = 幅を広く、下へドラッグ = レベルを高く</translation>
    </message>
    <message>
        <source>Pixel spacing: {spacing}</source>
        <translation>ピクセル間隔: {spacing}</translation>
    </message>
    <message>
        <source>the maximal cardiac width</source>
        <translation>心横径の最大幅</translation>
    </message>
    <message>
        <source>the maximal internal thoracic width (inner margins of the ribs)</source>
        <translation>胸郭内径の最大幅（肋骨内縁間）</translation>
    </message>
    <message>
        <source>CTR: drag {what}</source>
        <translation>CTR: {what}をドラッグ</translation>
    </message>
    <message>
        <source>Zoom {value:.0f} %</source>
        <translation>倍率 {value:.0f}%</translation>
    </message>
    <message>
        <source>The Grad-CAM map is all zero: no region raised this score</source>
        <translation>Grad-CAM マップはすべてゼロです: このスコアを上げた領域はありません</translation>
    </message>
    <message>
        <source>Grad-CAM colour scale: low → high (relative, no unit)</source>
        <translation>Grad-CAM のカラースケール: 低 → 高（相対値、単位なし）</translation>
    </message>
    <message>
        <source>No Grad-CAM map for this image</source>
        <translation>この画像の Grad-CAM マップはありません</translation>
    </message>
    <message>
        <source>Pixel: move the pointer over the image</source>
        <translation>画素値: 画像上にポインターを置いてください</translation>
    </message>
    <message>
        <source>Pixel  row {row}, col {col}  ·  value {value}  ·  displayed {shown}</source>
        <translation>画素  行 {row}、列 {col}  ·  値 {value}  ·  表示値 {shown}</translation>
    </message>
    <message>
        <source>Grad-CAM: no region raised this score</source>
        <translation>Grad-CAM: このスコアを上げた領域はありません</translation>
    </message>
    <message>
        <source>{text}
Pixel spacing: {spacing_label}</source>
        <translation>{text}
ピクセル間隔: {spacing_label}</translation>
    </message>
    <message>
        <source>Ruler: {length}</source>
        <translation>計測: {length}</translation>
    </message>
    <message>
        <source>(no pixel spacing: pixels only)</source>
        <translation>（ピクセル間隔なし: ピクセル単位のみ）</translation>
    </message>
    <message>
        <source>(not corrected for magnification)</source>
        <translation>（拡大率補正なし）</translation>
    </message>
    <message>
        <source>Ruler ({spacing_label})</source>
        <translation>計測 ({spacing_label})</translation>
    </message>
</context>
<context>
    <name>CXRView</name>
    <message>
        <source>{ctr_width_text} · CTR {ratio:.2f}</source>
        <translation>{ctr_width_text} · CTR {ratio:.2f}</translation>
    </message>
</context>
<context>
    <name>CaseFactsPanel</name>
    <message>
        <source>Case data</source>
        <translation>症例データ</translation>
    </message>
</context>
<context>
    <name>CaseInputPanel</name>
    <message>
        <source>{format}, {n_ok}/12 leads, {seconds:.0f} s, {fs:g} Hz</source>
        <translation>{format}、{n_ok}/12 誘導、{seconds:.0f} 秒、{fs:g} Hz</translation>
    </message>
    <message>
        <source>CASE</source>
        <translation>症例</translation>
    </message>
    <message>
        <source>Case ID</source>
        <translation>症例ID</translation>
    </message>
    <message>
        <source>pseudonymous, optional</source>
        <translation>仮名化ID、任意</translation>
    </message>
    <message>
        <source>A pseudonymous case ID for the report and the recent-cases list; never a patient name. Hidden unless View &gt; Show identifiers is on.</source>
        <translation>レポートと最近の症例一覧に使う仮名化症例IDです。患者氏名は入力しないでください。「表示 &gt; 識別情報を表示」がオンでない限り伏せて表示されます。</translation>
    </message>
    <message>
        <source>ECG</source>
        <translation>心電図</translation>
    </message>
    <message>
        <source>Chest X-ray</source>
        <translation>胸部X線</translation>
    </message>
    <message>
        <source>BNP</source>
        <translation>BNP</translation>
    </message>
    <message>
        <source>e.g. 120 or &lt;10</source>
        <translation>例: 120 または &lt;10</translation>
    </message>
    <message>
        <source>Natriuretic peptide value as reported by the laboratory; &apos;&lt;x&apos; for a result below the assay&apos;s detection limit</source>
        <translation>検査室が報告したナトリウム利尿ペプチドの値。測定系の検出限界未満の結果は「&lt;x」と入力</translation>
    </message>
    <message>
        <source>Unit of the value (pg/mL = ng/L; pmol/L is converted)</source>
        <translation>値の単位（pg/mL = ng/L。pmol/L は換算されます）</translation>
    </message>
    <message>
        <source>BNP and NT-proBNP are different analytes; one is never used as the other</source>
        <translation>BNP と NT-proBNP は別の測定項目です。一方を他方として扱うことはありません</translation>
    </message>
    <message>
        <source>= {value_pg_ml:.4g} pg/mL {analyte}</source>
        <translation>= {value_pg_ml:.4g} pg/mL {analyte}</translation>
    </message>
    <message>
        <source>ng/L = pg/mL</source>
        <translation>ng/L = pg/mL</translation>
    </message>
    <message>
        <source>hidden (View › Show identifiers)</source>
        <translation>非表示（表示 › 識別情報を表示）</translation>
    </message>
</context>
<context>
    <name>ColorBar</name>
    <message>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>{title}: colour of the map value, low → high (relative, no unit)</source>
        <translation>{title}: マップ値の色、低 → 高（相対値、単位なし）</translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>PACS connection</source>
        <translation>PACS 接続</translation>
    </message>
    <message>
        <source>DIMSE (C-FIND, C-GET)</source>
        <translation>DIMSE (C-FIND, C-GET)</translation>
    </message>
    <message>
        <source>DICOMweb (QIDO-RS, WADO-RS)</source>
        <translation>DICOMweb (QIDO-RS, WADO-RS)</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名前(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Protocol</source>
        <translation>プロトコル(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Timeout per step</source>
        <translation>ステップごとのタイムアウト(&amp;T)</translation>
    </message>
    <message>
        <source>Use TLS (the PACS&apos;s TLS port)</source>
        <translation>TLS を使用（PACS の TLS ポート）</translation>
    </message>
    <message>
        <source>PACS &amp;AE title</source>
        <translation>PACS の AE タイトル(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Host</source>
        <translation>ホスト(&amp;H)</translation>
    </message>
    <message>
        <source>P&amp;ort</source>
        <translation>ポート(&amp;O)</translation>
    </message>
    <message>
        <source>Our AE &amp;title</source>
        <translation>自機の AE タイトル(&amp;T)</translation>
    </message>
    <message>
        <source>CA certificate (PEM)</source>
        <translation>CA 証明書 (PEM)</translation>
    </message>
    <message>
        <source>Our certificate (PEM)</source>
        <translation>自機の証明書 (PEM)</translation>
    </message>
    <message>
        <source>Our key (PEM)</source>
        <translation>自機の秘密鍵 (PEM)</translation>
    </message>
    <message>
        <source>None</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Password from environment variable</source>
        <translation>環境変数のパスワード</translation>
    </message>
    <message>
        <source>Password from file</source>
        <translation>ファイルのパスワード</translation>
    </message>
    <message>
        <source>Bearer token from environment variable</source>
        <translation>環境変数のベアラートークン</translation>
    </message>
    <message>
        <source>Bearer token from file</source>
        <translation>ファイルのベアラートークン</translation>
    </message>
    <message>
        <source>variable name or file path (never the secret itself)</source>
        <translation>変数名またはファイルパス（秘密情報そのものは入力しない）</translation>
    </message>
    <message>
        <source>&amp;URL</source>
        <translation>URL(&amp;U)</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>ユーザー名</translation>
    </message>
    <message>
        <source>Secret</source>
        <translation>秘密情報</translation>
    </message>
    <message>
        <source>Secret from</source>
        <translation>秘密情報の取得元</translation>
    </message>
</context>
<context>
    <name>ECGMeasurePanel</name>
    <message>
        <source>ECG measurements: measuring…</source>
        <translation>心電図計測: 計測中…</translation>
    </message>
    <message>
        <source>Criteria: ECG signs suggesting PH (ESC/ERS 2022). Values from PH-Assist&apos;s median beat; the device&apos;s values are the acquiring cart&apos;s own, as stored in the file, shown for comparison.</source>
        <translation>基準: PH を示唆する心電図所見 (ESC/ERS 2022)。値は PH-Assist の中央値心拍から算出。装置の値は記録した心電計自身の計測値（ファイルに保存されたもの）で、比較のため表示しています。</translation>
    </message>
    <message>
        <source>ECG measurements and PH criteria</source>
        <translation>心電図計測値と PH の基準</translation>
    </message>
    <message>
        <source>ECG not measurable: {value}</source>
        <translation>心電図を計測できません: {value}</translation>
    </message>
    <message>
        <source> — median of {used} of {n} beats</source>
        <translation> — {n} 心拍中 {used} 心拍の中央値</translation>
    </message>
</context>
<context>
    <name>ECGPanel</name>
    <message>
        <source>0.5 Hz high-pass</source>
        <translation>0.5 Hz ハイパス</translation>
    </message>
    <message>
        <source>Remove baseline wander (zero-phase, display only; the AI model uses its own fixed preprocessing)</source>
        <translation>基線変動を除去（ゼロ位相、表示のみ。AI モデルは独自の固定前処理を使用）</translation>
    </message>
    <message>
        <source>Notch off</source>
        <translation>ノッチなし</translation>
    </message>
    <message>
        <source>50 Hz notch</source>
        <translation>50 Hz ノッチ</translation>
    </message>
    <message>
        <source>60 Hz notch</source>
        <translation>60 Hz ノッチ</translation>
    </message>
    <message>
        <source>Powerline interference notch filter (display only)</source>
        <translation>交流障害除去ノッチフィルター（表示のみ）</translation>
    </message>
    <message>
        <source>40 Hz low-pass</source>
        <translation>筋電 40 Hz</translation>
    </message>
    <message>
        <source>Smooth muscle noise (monitoring bandwidth; lowers QRS amplitudes; display only)</source>
        <translation>筋電図ノイズを平滑化（モニター帯域。QRS 振幅が低下します。表示のみ）</translation>
    </message>
    <message>
        <source>{s:g} mm/s</source>
        <translation>{s:g} mm/s</translation>
    </message>
    <message>
        <source>{g:g} mm/mV</source>
        <translation>{g:g} mm/mV</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>全体</translation>
    </message>
    <message>
        <source>Enlarge the page (scroll to move; Ctrl + wheel and + / − on the page also zoom)</source>
        <translation>ページを拡大（スクロールで移動。ページ上の Ctrl + ホイールと + / − でも拡大縮小）</translation>
    </message>
    <message>
        <source>Grad-CAM</source>
        <translation>Grad-CAM</translation>
    </message>
    <message>
        <source>Show where along the trace the AI model&apos;s ECG score came from</source>
        <translation>AI モデルの心電図スコアが波形のどの部分に由来するかを表示</translation>
    </message>
    <message>
        <source>Grad-CAM opacity</source>
        <translation>Grad-CAM の不透明度</translation>
    </message>
    <message>
        <source>Calipers</source>
        <translation>キャリパー</translation>
    </message>
    <message>
        <source>Drag between two points on a lead to measure Δt, ΔV and heart rate; by keyboard: K places them, the arrow keys move an end (Shift: 200 ms), K switches the end, ↑/↓ change the lead (Esc clears)</source>
        <translation>誘導上の2点間をドラッグして Δt、ΔV、心拍数を計測。キーボード: K で配置、矢印キーで端を移動 (Shift: 200 ms)、K で移動する端を切替、↑/↓ で誘導を変更（Esc で消去）</translation>
    </message>
    <message>
        <source>Move the 10 s window through a longer record (← / → keys: 1 s)</source>
        <translation>長い記録の中で 10 秒の表示範囲を移動（← / → キー: 1 秒）</translation>
    </message>
    <message>
        <source>Filters:</source>
        <translation>フィルタ:</translation>
    </message>
    <message>
        <source>Window:</source>
        <translation>表示範囲:</translation>
    </message>
    <message>
        <source>Calipers on lead {text}</source>
        <translation>キャリパー計測 {text}</translation>
    </message>
    <message>
        <source>Drag across a lead to measure</source>
        <translation>誘導上をドラッグして計測</translation>
    </message>
    <message>
        <source>{fmt_s}–{fmt_s2} s of {fmt_s3} s</source>
        <translation>{fmt_s}–{fmt_s2} 秒（全 {fmt_s3} 秒）</translation>
    </message>
</context>
<context>
    <name>ECGView</name>
    <message>
        <source>Grad-CAM · lead</source>
        <translation>Grad-CAM · 誘導</translation>
    </message>
    <message>
        <source>Lead attribution</source>
        <translation>誘導別寄与度</translation>
    </message>
    <message>
        <source>attribution {v:+.2f} (rank {rank} of 12; score change when this lead is blanked)</source>
        <translation>寄与度 {v:+.2f}（12 誘導中 {rank} 位。この誘導を消去した時のスコア変化）</translation>
    </message>
    <message>
        <source>gaps: {fraction:.1%} of the samples are missing</source>
        <translation>欠損: サンプルの {fraction:.1%} が欠落</translation>
    </message>
    <message>
        <source>derived from leads I and II (not recorded)</source>
        <translation>I・II 誘導からの算出（記録されていない）</translation>
    </message>
    <message>
        <source>No ECG loaded</source>
        <translation>心電図が読み込まれていません</translation>
    </message>
    <message>
        <source>lead missing</source>
        <translation>誘導欠落</translation>
    </message>
    <message>
        <source>{start}–{end} s of {total} s</source>
        <translation>{start}–{end} 秒（全 {total} 秒）</translation>
    </message>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>high</source>
        <translation>高</translation>
    </message>
</context>
<context>
    <name>HeaderDialog</name>
    <message>
        <source>DICOM header</source>
        <translation>DICOM ヘッダー</translation>
    </message>
    <message>
        <source>Show free text (it may identify the patient; names and IDs are never shown)</source>
        <translation>自由記述を表示（患者を特定しうる内容を含む場合があります。氏名と ID は表示されません）</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>タグ</translation>
    </message>
    <message>
        <source>VR</source>
        <translation>VR</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>The header cannot be read: {problem}</source>
        <translation>ヘッダーを読み取れません: {problem}</translation>
    </message>
    <message>
        <source>DICOM header — {file}</source>
        <translation>DICOM ヘッダー — {file}</translation>
    </message>
    <message>
        <source>{n} element(s); {ids} identifier(s) and private element(s) never shown; {texts} free-text field(s) withheld</source>
        <translation>{n} 要素。識別情報とプライベート要素 {ids} 件は常に非表示、自由記述 {texts} 件は非表示</translation>
    </message>
    <message>
        <source>(list truncated)</source>
        <translation>（一覧は途中までです）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>ECG files (*.hea *.dat *.mat *.dcm *.xml *.scp *.mwf *.mfer *.csv *.txt);;All files (*)</source>
        <translation>心電図ファイル (*.hea *.dat *.mat *.dcm *.xml *.scp *.mwf *.mfer *.csv *.txt);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Chest X-rays (*.dcm *.dicom *.png *.jpg *.jpeg);;All files (*)</source>
        <translation>胸部X線 (*.dcm *.dicom *.png *.jpg *.jpeg);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Case manifests (*.csv);;All files (*)</source>
        <translation>症例マニフェスト (*.csv);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>model bundle not found: {path}</source>
        <translation>モデルバンドルが見つかりません: {path}</translation>
    </message>
    <message>
        <source>model bundle cannot be used: {problem}</source>
        <translation>モデルバンドルを使用できません: {problem}</translation>
    </message>
    <message>
        <source>model bundle cannot be loaded: {problem}</source>
        <translation>モデルバンドルを読み込めません: {problem}</translation>
    </message>
    <message>
        <source>Loading the ECG viewer…</source>
        <translation>心電図ビューアーを読み込んでいます…</translation>
    </message>
    <message>
        <source>ECG</source>
        <translation>心電図</translation>
    </message>
    <message>
        <source>Chest X-ray</source>
        <translation>胸部X線</translation>
    </message>
    <message>
        <source>Case review</source>
        <translation>症例レビュー</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New case</source>
        <translation>新規症例(&amp;N)</translation>
    </message>
    <message>
        <source>Open &amp;ECG…</source>
        <translation>心電図を開く(&amp;E)…</translation>
    </message>
    <message>
        <source>Open an ECG file</source>
        <translation>心電図ファイルを開く</translation>
    </message>
    <message>
        <source>Open chest &amp;X-ray…</source>
        <translation>胸部X線を開く(&amp;X)…</translation>
    </message>
    <message>
        <source>Open a chest X-ray file</source>
        <translation>胸部X線ファイルを開く</translation>
    </message>
    <message>
        <source>Open case &amp;folder…</source>
        <translation>症例フォルダーを開く(&amp;F)…</translation>
    </message>
    <message>
        <source>Open a folder holding one ECG and one chest X-ray file</source>
        <translation>心電図と胸部X線のファイルを1つずつ含むフォルダーを開く</translation>
    </message>
    <message>
        <source>Open &amp;worklist…</source>
        <translation>ワークリストを開く(&amp;W)…</translation>
    </message>
    <message>
        <source>Score every case of a manifest CSV and rank them by risk</source>
        <translation>マニフェスト CSV の全症例をスコア化し、リスク順に並べる</translation>
    </message>
    <message>
        <source>Open &amp;demo case</source>
        <translation>デモ症例を開く(&amp;D)</translation>
    </message>
    <message>
        <source>A synthetic PH patient generated by PH-Assist</source>
        <translation>PH-Assist が生成した合成 PH 患者</translation>
    </message>
    <message>
        <source>From P&amp;ACS…</source>
        <translation>PACS から取得(&amp;A)…</translation>
    </message>
    <message>
        <source>Query a PACS and retrieve a radiograph and ECG into a case</source>
        <translation>PACS を検索し、胸部X線と心電図を症例に取り込みます</translation>
    </message>
    <message>
        <source>Send to PA&amp;CS…</source>
        <translation>PACS へ送信(&amp;C)…</translation>
    </message>
    <message>
        <source>Store this result&apos;s SR and Grad-CAM overlay on a PACS</source>
        <translation>この結果の SR と Grad-CAM オーバーレイを PACS に保存します</translation>
    </message>
    <message>
        <source>&amp;Recent cases</source>
        <translation>最近の症例(&amp;R)</translation>
    </message>
    <message>
        <source>Export &amp;report (PDF)…</source>
        <translation>レポートを出力 (PDF)(&amp;R)…</translation>
    </message>
    <message>
        <source>One-page PDF report of this case</source>
        <translation>この症例の1ページの PDF レポート</translation>
    </message>
    <message>
        <source>Export &amp;PNG</source>
        <translation>PNG を出力(&amp;P)</translation>
    </message>
    <message>
        <source>ECG view…</source>
        <translation>心電図ビュー…</translation>
    </message>
    <message>
        <source>Chest X-ray view…</source>
        <translation>胸部X線ビュー…</translation>
    </message>
    <message>
        <source>Result panel…</source>
        <translation>結果パネル…</translation>
    </message>
    <message>
        <source>Whole window…</source>
        <translation>ウィンドウ全体…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>Show &amp;identifiers</source>
        <translation>識別情報を表示(&amp;I)</translation>
    </message>
    <message>
        <source>Show the case ID and file names (hidden by default)</source>
        <translation>症例IDとファイル名を表示（既定では非表示）</translation>
    </message>
    <message>
        <source>&amp;ECG viewer</source>
        <translation>心電図ビューアー(&amp;E)</translation>
    </message>
    <message>
        <source>Bring the ECG viewer forward and put the keyboard focus in it</source>
        <translation>心電図ビューアーを前面に出し、キーボードフォーカスを移す</translation>
    </message>
    <message>
        <source>&amp;Chest X-ray viewer</source>
        <translation>胸部X線ビューアー(&amp;C)</translation>
    </message>
    <message>
        <source>Bring the chest X-ray viewer forward and put the keyboard focus in it</source>
        <translation>胸部X線ビューアーを前面に出し、キーボードフォーカスを移す</translation>
    </message>
    <message>
        <source>&amp;Grad-CAM of this viewer</source>
        <translation>このビューアーの Grad-CAM(&amp;G)</translation>
    </message>
    <message>
        <source>Show or hide the Grad-CAM of the viewer with the keyboard focus (or on the front tab; side by side with the focus elsewhere: both)</source>
        <translation>キーボードフォーカスのあるビューアー（または前面のタブ）の Grad-CAM の表示を切り替えます。左右配置でフォーカスが他にある場合は両方</translation>
    </message>
    <message>
        <source>ECG Grad-CAM</source>
        <translation>心電図 Grad-CAM</translation>
    </message>
    <message>
        <source>Show the ECG model&apos;s Grad-CAM band</source>
        <translation>心電図モデルの Grad-CAM 帯を表示</translation>
    </message>
    <message>
        <source>Chest X-ray Grad-CAM</source>
        <translation>胸部X線 Grad-CAM</translation>
    </message>
    <message>
        <source>Show the chest X-ray model&apos;s Grad-CAM overlay</source>
        <translation>胸部X線モデルの Grad-CAM オーバーレイを表示</translation>
    </message>
    <message>
        <source>Viewer &amp;layout</source>
        <translation>ビューアーの配置(&amp;L)</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自動</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>左右に並べる</translation>
    </message>
    <message>
        <source>Tabs</source>
        <translation>タブ</translation>
    </message>
    <message>
        <source>&amp;Study</source>
        <translation>読影試験(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;New reader study…</source>
        <translation>新しい読影試験(&amp;N)…</translation>
    </message>
    <message>
        <source>Set up a reader study (sequential or crossover) from a manifest</source>
        <translation>マニフェストから読影試験（逐次法またはクロスオーバー法）を設定</translation>
    </message>
    <message>
        <source>&amp;Read a study…</source>
        <translation>読影試験を実施(&amp;R)…</translation>
    </message>
    <message>
        <source>Open reader mode for one reader of a study</source>
        <translation>読影試験の読影者1名の読影モードを開く</translation>
    </message>
    <message>
        <source>Reader &amp;progress…</source>
        <translation>読影者の進捗(&amp;P)…</translation>
    </message>
    <message>
        <source>Where each reader of a study is (no key file needed)</source>
        <translation>読影試験の各読影者の進捗（正解キーファイル不要）</translation>
    </message>
    <message>
        <source>&amp;Analyse a study…</source>
        <translation>読影試験を解析(&amp;A)…</translation>
    </message>
    <message>
        <source>MRMC analysis of a study: with AI against without</source>
        <translation>読影試験の MRMC 解析: AI あり対 AI なし</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>キーボードショートカット(&amp;K)</translation>
    </message>
    <message>
        <source>Every key of this window</source>
        <translation>このウィンドウのすべてのキー操作</translation>
    </message>
    <message>
        <source>&amp;About PH-Assist</source>
        <translation>PH-Assist について(&amp;A)</translation>
    </message>
    <message>
        <source>{menu} menu</source>
        <translation>{menu} メニュー</translation>
    </message>
    <message>
        <source>ECG page (when it has the focus)</source>
        <translation>心電図ページ（フォーカスがある時）</translation>
    </message>
    <message>
        <source>ECG enlarged lead</source>
        <translation>心電図の拡大誘導</translation>
    </message>
    <message>
        <source>Chest X-ray image (when it has the focus)</source>
        <translation>胸部X線画像（フォーカスがある時）</translation>
    </message>
    <message>
        <source>Moving around</source>
        <translation>移動</translation>
    </message>
    <message>
        <source>Tab / Shift+Tab</source>
        <translation>Tab / Shift+Tab</translation>
    </message>
    <message>
        <source>Next / previous control: case, ECG, chest X-ray, result</source>
        <translation>次 / 前のコントロール: 症例、心電図、胸部X線、結果</translation>
    </message>
    <message>
        <source>Alt + underlined letter</source>
        <translation>Alt + 下線付きの文字</translation>
    </message>
    <message>
        <source>Open a menu</source>
        <translation>メニューを開く</translation>
    </message>
    <message>
        <source>No Grad-CAM to show in this viewer</source>
        <translation>このビューアーには表示できる Grad-CAM がありません</translation>
    </message>
    <message>
        <source>Study folder</source>
        <translation>読影試験フォルダー</translation>
    </message>
    <message>
        <source>Reader</source>
        <translation>読影者</translation>
    </message>
    <message>
        <source>Reader ID:</source>
        <translation>読影者ID:</translation>
    </message>
    <message>
        <source>PH-Assist — reader progress</source>
        <translation>PH-Assist — 読影者の進捗</translation>
    </message>
    <message>
        <source>Study folder to analyse</source>
        <translation>解析する読影試験フォルダー</translation>
    </message>
    <message>
        <source>PH-Assist — study analysis</source>
        <translation>PH-Assist — 読影試験の解析</translation>
    </message>
    <message>
        <source>Starting the viewers…</source>
        <translation>ビューアーを起動しています…</translation>
    </message>
    <message>
        <source>Loading the model bundle…</source>
        <translation>モデルバンドルを読み込んでいます…</translation>
    </message>
    <message>
        <source>the ECG viewer cannot start: {error_text}</source>
        <translation>心電図ビューアーを起動できません: {error_text}</translation>
    </message>
    <message>
        <source>Model bundle {name} loaded</source>
        <translation>モデルバンドル {name} を読み込みました</translation>
    </message>
    <message>
        <source>cannot score the worklist: {bundle_message}</source>
        <translation>ワークリストをスコア化できません: {bundle_message}</translation>
    </message>
    <message>
        <source>Preparing the demo case…</source>
        <translation>デモ症例を準備しています…</translation>
    </message>
    <message>
        <source>Reading files…</source>
        <translation>ファイルを読み込んでいます…</translation>
    </message>
    <message>
        <source> (and {n} more problem(s))</source>
        <translation>（ほかに {n} 件の問題）</translation>
    </message>
    <message>
        <source>Read the ECG and the chest X-ray</source>
        <translation>心電図と胸部X線を読み込みました</translation>
    </message>
    <message>
        <source>Read the ECG</source>
        <translation>心電図を読み込みました</translation>
    </message>
    <message>
        <source>Read the chest X-ray</source>
        <translation>胸部X線を読み込みました</translation>
    </message>
    <message>
        <source>Different patient</source>
        <translation>患者不一致</translation>
    </message>
    <message>
        <source>This file belongs to a different patient than the case.</source>
        <translation>このファイルは症例とは別の患者のものです。</translation>
    </message>
    <message>
        <source>The patient IDs in the files differ. Start a new case with this file, add it to the current case anyway, or cancel opening it.</source>
        <translation>ファイル間で患者IDが異なります。このファイルで新しい症例を始めるか、それでも現在の症例に追加するか、開くのを取り消してください。</translation>
    </message>
    <message>
        <source>&amp;Start a new case</source>
        <translation>新しい症例を開始(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Add anyway</source>
        <translation>それでも追加(&amp;A)</translation>
    </message>
    <message>
        <source>Assessing the case…</source>
        <translation>症例を評価しています…</translation>
    </message>
    <message>
        <source>{no_bundle}. The viewers work without scores.</source>
        <translation>{no_bundle}。ビューアーはスコアなしで使用できます。</translation>
    </message>
    <message>
        <source>Partial result</source>
        <translation>部分的な結果</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>{what}: fused PH risk {percent} — assessed in {took}</source>
        <translation>{what}: 統合 PH リスク {percent} — 評価時間 {took}</translation>
    </message>
    <message>
        <source>Could not assess this case: {value}</source>
        <translation>この症例を評価できませんでした: {value}</translation>
    </message>
    <message>
        <source>chest X-ray</source>
        <translation>胸部X線</translation>
    </message>
    <message>
        <source>&amp;{i}  Recent case {i} ({kinds})</source>
        <translation>&amp;{i}  最近の症例 {i} ({kinds})</translation>
    </message>
    <message>
        <source>No recent cases</source>
        <translation>最近の症例はありません</translation>
    </message>
    <message>
        <source>Clear recent cases</source>
        <translation>最近の症例を消去</translation>
    </message>
    <message>
        <source>Worklist</source>
        <translation>ワークリスト</translation>
    </message>
    <message>
        <source>Waiting for the model bundle…</source>
        <translation>モデルバンドルを待っています…</translation>
    </message>
    <message>
        <source>Scoring the worklist…</source>
        <translation>ワークリストをスコア化しています…</translation>
    </message>
    <message>
        <source>Worklist {state}: {n_scored} scored, {n_failed} not scored</source>
        <translation>ワークリスト{state}: スコア化 {n_scored} 件、未スコア {n_failed} 件</translation>
    </message>
    <message>
        <source>no result to report yet: open a case first</source>
        <translation>レポートにする結果がまだありません: 先に症例を開いてください</translation>
    </message>
    <message>
        <source>Report saved: {value}</source>
        <translation>レポートを保存しました: {value}</translation>
    </message>
    <message>
        <source>Writing the PDF report…</source>
        <translation>PDF レポートを作成しています…</translation>
    </message>
    <message>
        <source>{out}: cannot be written</source>
        <translation>{out}: 書き込めません</translation>
    </message>
    <message>
        <source>Saved {value}</source>
        <translation>{value} を保存しました</translation>
    </message>
    <message>
        <source>Open ECG</source>
        <translation>心電図を開く</translation>
    </message>
    <message>
        <source>Open chest X-ray</source>
        <translation>胸部X線を開く</translation>
    </message>
    <message>
        <source>Open case folder</source>
        <translation>症例フォルダーを開く</translation>
    </message>
    <message>
        <source>Open worklist (case manifest)</source>
        <translation>ワークリストを開く（症例マニフェスト）</translation>
    </message>
    <message>
        <source>Save worklist</source>
        <translation>ワークリストを保存</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Worklist saved: {value}</source>
        <translation>ワークリストを保存しました: {value}</translation>
    </message>
    <message>
        <source>{path}: cannot be written ({value})</source>
        <translation>{path}: 書き込めません ({value})</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>レポートを出力</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Export PNG</source>
        <translation>PNG を出力</translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation>PNG (*.png)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>言語(&amp;L)</translation>
    </message>
    <message>
        <source>Automatic (system language)</source>
        <translation>自動（システムの言語）</translation>
    </message>
    <message>
        <source>The language changes when PH-Assist is started again.</source>
        <translation>言語は PH-Assist の次回起動時に切り替わります。</translation>
    </message>
    <message>
        <source>About PH-Assist</source>
        <translation>PH-Assist について</translation>
    </message>
    <message>
        <source>PH-Assist helps physicians catch pulmonary hypertension early from a 12-lead ECG, a chest X-ray and BNP.

Research software — not a certified medical device. It must not be the sole basis of a diagnosis. Every score names the model bundle that produced it.</source>
        <translation>PH-Assist は、12誘導心電図、胸部X線、BNP から肺高血圧症を早期に発見できるよう医師を支援します。

研究用ソフトウェアです — 医療機器として承認されていません。診断の唯一の根拠としてはなりません。すべてのスコアには、それを算出したモデルバンドルが明記されます。</translation>
    </message>
</context>
<context>
    <name>PACSDialog</name>
    <message>
        <source>Searching…</source>
        <translation>検索中…</translation>
    </message>
    <message>
        <source>From PACS</source>
        <translation>PACS から取得</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日付</translation>
    </message>
    <message>
        <source>Modalities</source>
        <translation>モダリティ</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>シリーズ</translation>
    </message>
    <message>
        <source>Study UID</source>
        <translation>Study UID</translation>
    </message>
    <message>
        <source>&amp;Retrieve into a case</source>
        <translation>症例に取り込む(&amp;R)</translation>
    </message>
    <message>
        <source>Ca&amp;ncel</source>
        <translation>キャンセル(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Worklist: these dates&apos; radiographs with an ECG</source>
        <translation>ワークリスト(&amp;W): この期間の胸部X線と心電図</translation>
    </message>
    <message>
        <source>Retrieve each patient&apos;s radiograph of the date range with the ECG nearest in date, and rank them by risk</source>
        <translation>期間内の各患者の胸部X線と、日付が最も近い心電図を取り込み、リスク順に並べます</translation>
    </message>
    <message>
        <source>&amp;PACS</source>
        <translation>PACS(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>編集(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;New…</source>
        <translation>新規(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation>テスト(&amp;T)</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>検索条件</translation>
    </message>
    <message>
        <source>Any date</source>
        <translation>日付指定なし</translation>
    </message>
    <message>
        <source>exact; used for this query only, never stored</source>
        <translation>完全一致。この検索にのみ使用し、保存しません</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 日</translation>
    </message>
    <message>
        <source>optional: the laboratory&apos;s FHIR export (BNP / NT-proBNP of the day)</source>
        <translation>任意: 検査部門の FHIR エクスポート（当日の BNP / NT-proBNP）</translation>
    </message>
    <message>
        <source>A FHIR Bundle of many patients&apos; BNP or NT-proBNP results; each worklist case gets its patient&apos;s most recent result within 30 days of the radiograph (matched by Patient ID in memory; no identifier is written; an ID two patients share is not used)</source>
        <translation>多数の患者の BNP または NT-proBNP 結果を含む FHIR Bundle。ワークリストの各症例には、胸部X線から 30 日以内のその患者の最新の結果を割り当てます（患者 ID による照合はメモリ内のみ。識別子は書き出しません。2 人の患者が共有する ID は使用しません）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>検索(&amp;S)</translation>
    </message>
    <message>
        <source>Study date</source>
        <translation>検査日</translation>
    </message>
    <message>
        <source>Accession number</source>
        <translation>受付番号</translation>
    </message>
    <message>
        <source>Patient ID</source>
        <translation>患者ID</translation>
    </message>
    <message>
        <source>Worklist: ECG within</source>
        <translation>ワークリスト: 心電図の許容日数</translation>
    </message>
    <message>
        <source>Worklist: labs (FHIR)</source>
        <translation>ワークリスト: 検査値 (FHIR)</translation>
    </message>
    <message>
        <source>Laboratory export (FHIR JSON)</source>
        <translation>検査部門のエクスポート (FHIR JSON)</translation>
    </message>
    <message>
        <source>FHIR JSON (*.json);;All files (*)</source>
        <translation>FHIR JSON (*.json);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>No PACS configured yet: New… adds one (saved in {file}).</source>
        <translation>PACS が未設定です: 新規… で追加します（{file} に保存）。</translation>
    </message>
    <message>
        <source>Saved {name} in {file}</source>
        <translation>{name} を {file} に保存しました</translation>
    </message>
    <message>
        <source>Retrieving… {n} file(s)</source>
        <translation>取り込み中… {n} ファイル</translation>
    </message>
    <message>
        <source>Building the worklist… patient {done} of {total}</source>
        <translation>ワークリストを作成中… 患者 {done} / {total}</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>テスト中…</translation>
    </message>
    <message>
        <source>{pacs} answers ({ms} ms)</source>
        <translation>{pacs} が応答しました ({ms} ms)</translation>
    </message>
    <message>
        <source>{n} stud(ies) found</source>
        <translation>{n} 件の検査が見つかりました</translation>
    </message>
    <message>
        <source>Nothing found</source>
        <translation>見つかりませんでした</translation>
    </message>
    <message>
        <source>Retrieved into {folder}</source>
        <translation>{folder} に取り込みました</translation>
    </message>
    <message>
        <source>Retrieving…</source>
        <translation>取り込み中…</translation>
    </message>
    <message>
        <source>Worklist: {n} case(s); {m} radiograph(s) without an ECG within {d} days</source>
        <translation>ワークリスト: {n} 症例。{d} 日以内の心電図がない胸部X線 {m} 件</translation>
    </message>
    <message>
        <source>; {k} with a BNP from the laboratory export</source>
        <translation>。検査部門のエクスポートから BNP を得た症例 {k} 件</translation>
    </message>
    <message>
        <source>; {k} not retrieved ({first})</source>
        <translation>。{k} 件は取り込めませんでした ({first})</translation>
    </message>
    <message>
        <source>; cancelled</source>
        <translation>。キャンセルしました</translation>
    </message>
    <message>
        <source>Building the worklist…</source>
        <translation>ワークリストを作成中…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>キャンセル中…</translation>
    </message>
    <message>
        <source>no result to send yet: open a case first</source>
        <translation>送信する結果がまだありません: 先に症例を開いてください</translation>
    </message>
    <message>
        <source>no PACS configured: File &gt; From PACS… &gt; New…</source>
        <translation>PACS が未設定です: ファイル &gt; PACS から取得… &gt; 新規…</translation>
    </message>
    <message>
        <source>Send to PACS</source>
        <translation>PACS へ送信</translation>
    </message>
    <message>
        <source>PACS</source>
        <translation>PACS</translation>
    </message>
    <message>
        <source>Stored on {pacs}: {n} instance(s)</source>
        <translation>{pacs} に保存しました: {n} インスタンス</translation>
    </message>
    <message>
        <source>Sending to the PACS…</source>
        <translation>PACS へ送信中…</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>アドレス(&amp;L):</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>ファイルの種類(&amp;T):</translation>
    </message>
</context>
<context>
    <name>ReaderWindow</name>
    <message>
        <source>PH-Assist reader study — reader {reader}</source>
        <translation>PH-Assist 読影試験 — 読影者 {reader}</translation>
    </message>
    <message>
        <source>Reader study “{name}” · reader {reader}</source>
        <translation>読影試験「{name}」· 読影者 {reader}</translation>
    </message>
    <message>
        <source>Preparing the study…</source>
        <translation>読影試験を準備しています…</translation>
    </message>
    <message>
        <source>Loading the model bundle and the viewers.</source>
        <translation>モデルバンドルとビューアーを読み込んでいます。</translation>
    </message>
    <message>
        <source>Reader study · reader {reader}</source>
        <translation>読影試験 · 読影者 {reader}</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>中断</translation>
    </message>
    <message>
        <source>Pause: the case is hidden and the time on case stops</source>
        <translation>中断: 症例が非表示になり、症例の所要時間の計測が止まります</translation>
    </message>
    <message>
        <source>Practice case — your answers to it are not part of the study&apos;s results.</source>
        <translation>練習症例 — この症例への回答は読影試験の結果に含まれません。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>再開</translation>
    </message>
    <message>
        <source>Loading the ECG viewer…</source>
        <translation>心電図ビューアーを読み込んでいます…</translation>
    </message>
    <message>
        <source>ECG</source>
        <translation>心電図</translation>
    </message>
    <message>
        <source>Chest X-ray</source>
        <translation>胸部X線</translation>
    </message>
    <message>
        <source>Both side by side</source>
        <translation>両方を並べて表示</translation>
    </message>
    <message>
        <source>Show {what} ({key})</source>
        <translation>{what}を表示 ({key})</translation>
    </message>
    <message>
        <source>AI assessment</source>
        <translation>AI 評価</translation>
    </message>
    <message>
        <source>Submit unaided answer</source>
        <translation>AI なしの回答を送信</translation>
    </message>
    <message>
        <source>Lock answer and show AI…</source>
        <translation>回答を確定して AI を表示…</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>Lock and show AI  [Return / Y]</source>
        <translation>確定して AI を表示  [Return / Y]</translation>
    </message>
    <message>
        <source>Cancel  [Esc / N]</source>
        <translation>キャンセル  [Esc / N]</translation>
    </message>
    <message>
        <source>the ECG viewer cannot start: {error}</source>
        <translation>心電図ビューアーを起動できません: {error}</translation>
    </message>
    <message>
        <source>the model bundle cannot be loaded: {error}; the study cannot go on without it. Tell the study coordinator.</source>
        <translation>モデルバンドルを読み込めません: {error}。これなしでは読影試験を続けられません。読影試験の管理者に連絡してください。</translation>
    </message>
    <message>
        <source>unsaved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>Model {name} · ID {id}</source>
        <translation>モデル {name} · ID {id}</translation>
    </message>
    <message>
        <source>Model bundle {name}
ID (SHA-256): {id}</source>
        <translation>モデルバンドル {name}
ID (SHA-256): {id}</translation>
    </message>
    <message>
        <source>ECG — none for this case</source>
        <translation>心電図 — この症例にはありません</translation>
    </message>
    <message>
        <source>Chest X-ray — none for this case</source>
        <translation>胸部X線 — この症例にはありません</translation>
    </message>
    <message>
        <source>nothing to assess (no ECG, chest X-ray or BNP could be read)</source>
        <translation>評価するものがありません（心電図、胸部X線、BNP のいずれも読み込めませんでした）</translation>
    </message>
    <message>
        <source>The case cannot be shown</source>
        <translation>症例を表示できません</translation>
    </message>
    <message>
        <source>The AI could not assess this case: {error}</source>
        <translation>AI はこの症例を評価できませんでした: {error}</translation>
    </message>
    <message>
        <source>Computing the AI assessment…</source>
        <translation>AI 評価を計算しています…</translation>
    </message>
    <message>
        <source>Wait for the AI assessment to appear.</source>
        <translation>AI 評価が表示されるまでお待ちください。</translation>
    </message>
    <message>
        <source>Lock your unaided answer ({answer}) and show the AI?
Your unaided answer cannot be changed afterwards.</source>
        <translation>AI なしの回答 ({answer}) を確定して AI を表示しますか?
AI なしの回答は以後変更できません。</translation>
    </message>
    <message>
        <source>the study session is not open</source>
        <translation>読影試験のセッションが開いていません</translation>
    </message>
    <message>
        <source>The study cannot go on</source>
        <translation>読影試験を続けられません</translation>
    </message>
</context>
<context>
    <name>RiskPanel</name>
    <message>
        <source>PH risk</source>
        <translation>PH リスク</translation>
    </message>
    <message>
        <source>Fused PH risk: the calibrated probability of PH from all available inputs, for the population the model bundle was validated on</source>
        <translation>統合 PH リスク: 利用可能なすべての入力から算出した、較正済みの PH の確率（モデルバンドルの検証対象集団についての値）</translation>
    </message>
    <message>
        <source>fused, calibrated</source>
        <translation>統合・較正済み</translation>
    </message>
    <message>
        <source>The category at the model bundle&apos;s default operating threshold, with the sensitivity and specificity of that threshold on validation data</source>
        <translation>モデルバンドルの既定の判定閾値による区分と、検証データにおけるその閾値の感度・特異度</translation>
    </message>
    <message>
        <source>The fused risk uses only the inputs that were given; the missing ones were not imputed</source>
        <translation>統合リスクは入力されたデータのみを使用しています。欠けている入力は補完していません</translation>
    </message>
    <message>
        <source>At least one input is far from every case the model bundle was trained on (see the sub-scores below)</source>
        <translation>少なくとも1つの入力が、モデルバンドルの学習症例のいずれとも大きく異なります（下のサブスコアを参照）</translation>
    </message>
    <message>
        <source>Sub-scores</source>
        <translation>サブスコア</translation>
    </message>
    <message>
        <source>risk alone</source>
        <translation>単独リスク</translation>
    </message>
    <message>
        <source>The calibrated risk of PH from each input on its own</source>
        <translation>各入力単独から算出した較正済みの PH リスク</translation>
    </message>
    <message>
        <source>effect on fused risk</source>
        <translation>統合リスクへの影響</translation>
    </message>
    <message>
        <source>BNP</source>
        <translation>BNP</translation>
    </message>
    <message>
        <source>ESC/ERS 2022 four-strata follow-up model (Humbert et al., Eur Heart J 2022): a prognostic stratum for patients already diagnosed with pulmonary arterial hypertension. It is context, not a diagnostic cut-off for PH.</source>
        <translation>ESC/ERS 2022 の4段階フォローアップリスク層別 (Humbert et al., Eur Heart J 2022): 肺動脈性肺高血圧症と既に診断された患者の予後リスク層別です。参考情報であり、PH の診断カットオフ値ではありません。</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Model bundle</source>
        <translation>モデルバンドル</translation>
    </message>
    <message>
        <source>No result yet. Open an ECG or a chest X-ray, or enter a BNP value.</source>
        <translation>まだ結果はありません。心電図または胸部X線を開くか、BNP 値を入力してください。</translation>
    </message>
    <message>
        <source>Assessing the case…</source>
        <translation>症例を評価しています…</translation>
    </message>
    <message>
        <source>No model bundle loaded</source>
        <translation>モデルバンドルが読み込まれていません</translation>
    </message>
    <message>
        <source>{name}  ·  ID {short_id}</source>
        <translation>{name}  ·  ID {short_id}</translation>
    </message>
    <message>
        <source>Model bundle {name}
ID (SHA-256 of its files): {value}</source>
        <translation>モデルバンドル {name}
ID（ファイルの SHA-256）: {value}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{category_head}&lt;/b&gt; — {category_label}</source>
        <translation>&lt;b&gt;{category_head}&lt;/b&gt; — {category_label}</translation>
    </message>
    <message>
        <source>Assessed in {seconds:.2f} s (with Grad-CAM)</source>
        <translation>評価時間 {seconds:.2f} 秒（Grad-CAM を含む）</translation>
    </message>
    <message>
        <source>Assessed in {seconds:.2f} s</source>
        <translation>評価時間 {seconds:.2f} 秒</translation>
    </message>
    <message>
        <source>model bundle loaded in {seconds:.1f} s at start-up</source>
        <translation>起動時のモデルバンドル読み込み {seconds:.1f} 秒</translation>
    </message>
    <message>
        <source>result shown {seconds:.1f} s after the request (it waited for the model)</source>
        <translation>要求から {seconds:.1f} 秒後に結果を表示（モデルの読み込みを待機）</translation>
    </message>
    <message>
        <source>Not given</source>
        <translation>未入力</translation>
    </message>
    <message>
        <source>  (entered {value} {unit}, converted)</source>
        <translation> （入力値 {value} {unit} を換算）</translation>
    </message>
    <message>
        <source>  (as entered)</source>
        <translation> （入力値のまま）</translation>
    </message>
</context>
<context>
    <name>RiskScale</name>
    <message>
        <source>Fused PH risk on a 0–100 % scale; the tick is the model bundle&apos;s operating threshold</source>
        <translation>0–100% で表した統合 PH リスク。目盛りはモデルバンドルの判定閾値</translation>
    </message>
    <message>
        <source>threshold {percent}</source>
        <translation>閾値 {percent}</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts — PH-Assist</source>
        <translation>キーボードショートカット — PH-Assist</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>キー</translation>
    </message>
    <message>
        <source>What it does</source>
        <translation>機能</translation>
    </message>
</context>
<context>
    <name>StudyAnalysisView</name>
    <message>
        <source>No study analysed yet</source>
        <translation>まだ読影試験を解析していません</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>出力…</translation>
    </message>
    <message>
        <source>Write analysis.json, the figures, reads_long.csv and reads.imrmc into a folder</source>
        <translation>analysis.json、図、reads_long.csv、reads.imrmc をフォルダーに書き出します</translation>
    </message>
    <message>
        <source>Choose the key file…</source>
        <translation>正解キーファイルを選択…</translation>
    </message>
    <message>
        <source>The study&apos;s ground truth is in the coordinator&apos;s key file, outside the study folder</source>
        <translation>この読影試験の正解は、読影試験フォルダーの外にある管理者の正解キーファイルにあります</translation>
    </message>
    <message>
        <source>Reader</source>
        <translation>読影者</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>正診率</translation>
    </message>
    <message>
        <source>Sensitivity</source>
        <translation>感度</translation>
    </message>
    <message>
        <source>Specificity</source>
        <translation>特異度</translation>
    </message>
    <message>
        <source>McNemar p (accuracy)</source>
        <translation>McNemar p（正診率）</translation>
    </message>
    <message>
        <source>Figure of merit</source>
        <translation>評価指標</translation>
    </message>
    <message>
        <source>Without AI</source>
        <translation>AI なし</translation>
    </message>
    <message>
        <source>With AI</source>
        <translation>AI あり</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差</translation>
    </message>
    <message>
        <source>95 % CI</source>
        <translation>95%信頼区間</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>解析</translation>
    </message>
    <message>
        <source>right → wrong</source>
        <translation>正 → 誤</translation>
    </message>
    <message>
        <source>wrong → right</source>
        <translation>誤 → 正</translation>
    </message>
    <message>
        <source>right → right</source>
        <translation>正 → 正</translation>
    </message>
    <message>
        <source>wrong → wrong</source>
        <translation>誤 → 誤</translation>
    </message>
    <message>
        <source>Arm</source>
        <translation>群</translation>
    </message>
    <message>
        <source>PH</source>
        <translation>PH</translation>
    </message>
    <message>
        <source>No PH</source>
        <translation>PH なし</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全体</translation>
    </message>
    <message>
        <source>Readers without AI → with AI</source>
        <translation>読影者 AI なし → AI あり</translation>
    </message>
    <message>
        <source>Obuchowski-Rockette-Hillis (with AI minus without AI)</source>
        <translation>Obuchowski-Rockette-Hillis 法（AI あり − AI なし）</translation>
    </message>
    <message>
        <source>Change of mind (correct without AI → correct with AI)</source>
        <translation>判断の変更（AI なしでの正誤 → AI ありでの正誤）</translation>
    </message>
    <message>
        <source>Figures</source>
        <translation>図</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>注記</translation>
    </message>
    <message>
        <source>Choose the study&apos;s key file</source>
        <translation>読影試験の正解キーファイルを選択してください</translation>
    </message>
    <message>
        <source>The ground truth of this study is in the coordinator&apos;s key file, outside the study folder: choose it to analyse the study</source>
        <translation>この読影試験の正解は、読影試験フォルダーの外にある管理者の正解キーファイルにあります: 解析するにはそれを選択してください</translation>
    </message>
    <message>
        <source>Analysing {name}…</source>
        <translation>{name} を解析中…</translation>
    </message>
    <message>
        <source>Analysing the study…</source>
        <translation>読影試験を解析中…</translation>
    </message>
    <message>
        <source>The study&apos;s key file</source>
        <translation>読影試験の正解キーファイル</translation>
    </message>
    <message>
        <source>The study cannot be analysed</source>
        <translation>この読影試験は解析できません</translation>
    </message>
    <message>
        <source>Reader study “{name}” ({design})</source>
        <translation>読影試験「{name}」({design})</translation>
    </message>
    <message>
        <source>; {n} case(s) left out (not read by everyone in both)</source>
        <translation>。{n} 症例を除外（両条件で全員が読影していないため）</translation>
    </message>
    <message>
        <source>{readers} reader(s), {cases} case(s) analysed ({ph} PH, {no_ph} no PH){dropped}. Decisions: {rule}.</source>
        <translation>読影者 {readers} 名、解析症例 {cases} 例（PH {ph} 例、PH なし {no_ph} 例）{dropped}。{rule}。</translation>
    </message>
    <message>
        <source>Readers {without} → {with_ai}</source>
        <translation>読影者 {without} → {with_ai}</translation>
    </message>
    <message>
        <source>pooled</source>
        <translation>統合</translation>
    </message>
    <message>
        <source>auc</source>
        <translation>AUC</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>正診率</translation>
    </message>
    <message>
        <source>sensitivity</source>
        <translation>感度</translation>
    </message>
    <message>
        <source>specificity</source>
        <translation>特異度</translation>
    </message>
    <message>
        <source>not done (see notes)</source>
        <translation>未実施（注記を参照）</translation>
    </message>
    <message>
        <source>random readers &amp; cases</source>
        <translation>読影者・症例ともランダム</translation>
    </message>
    <message>
        <source>fixed readers (1 reader)</source>
        <translation>読影者固定（読影者1名）</translation>
    </message>
    <message>
        <source>total</source>
        <translation>合計</translation>
    </message>
    <message>
        <source>None.</source>
        <translation>なし。</translation>
    </message>
    <message>
        <source>sequential</source>
        <translation>逐次法</translation>
    </message>
    <message>
        <source>crossover</source>
        <translation>クロスオーバー法</translation>
    </message>
    <message>
        <source>Scale: {scale} (AUC from the rating).</source>
        <translation>評価尺度: {scale}（AUC は評定値から算出）。</translation>
    </message>
    <message>
        <source>Action question: {question} (share answered yes)</source>
        <translation>追加質問: {question}（「はい」と答えた割合）</translation>
    </message>
    <message>
        <source>figure not available</source>
        <translation>図を表示できません</translation>
    </message>
    <message>
        <source>Export the analysis into a folder</source>
        <translation>解析結果をフォルダーに出力</translation>
    </message>
    <message>
        <source>nothing to export: analyse a study first</source>
        <translation>出力するものがありません: 先に読影試験を解析してください</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>出力中…</translation>
    </message>
    <message>
        <source>Exported {n} files to {folder}: {names}</source>
        <translation>{n} 個のファイルを {folder} に出力しました: {names}</translation>
    </message>
    <message>
        <source>Export failed: {error}</source>
        <translation>出力に失敗しました: {error}</translation>
    </message>
</context>
<context>
    <name>StudyProgressView</name>
    <message>
        <source>Reading the study log…</source>
        <translation>読影試験ログを読み込んでいます…</translation>
    </message>
    <message>
        <source>Reader progress</source>
        <translation>読影者の進捗</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Read the study log again</source>
        <translation>読影試験ログを再読み込み</translation>
    </message>
    <message>
        <source>{n} cases per session; cases done count the current session&apos;s locked cases.</source>
        <translation>1セッションあたり {n} 症例。完了症例数は現在のセッションの確定済み症例を数えます。</translation>
    </message>
    <message>
        <source>Reader</source>
        <translation>読影者</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>段階</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>セッション</translation>
    </message>
    <message>
        <source>Cases done</source>
        <translation>完了症例</translation>
    </message>
    <message>
        <source>Reads done</source>
        <translation>完了読影</translation>
    </message>
    <message>
        <source>Last activity (UTC)</source>
        <translation>最終操作 (UTC)</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>備考</translation>
    </message>
</context>
<context>
    <name>StudySetupDialog</name>
    <message>
        <source>New reader study</source>
        <translation>新しい読影試験</translation>
    </message>
    <message>
        <source>CSV: case_id, ecg_path, cxr_path, bnp, bnp_unit, label</source>
        <translation>CSV: case_id, ecg_path, cxr_path, bnp, bnp_unit, label</translation>
    </message>
    <message>
        <source>pseudonyms, comma-separated, e.g. R01, R02, R03 (never names)</source>
        <translation>仮名をカンマ区切りで（例: R01, R02, R03。氏名は不可）</translation>
    </message>
    <message>
        <source>Sequential: without AI, lock, then with AI (one session)</source>
        <translation>逐次法: AI なしで読影、確定、その後 AI ありで読影（1セッション）</translation>
    </message>
    <message>
        <source>Crossover: two sessions with a washout, half the cases with AI in each</source>
        <translation>クロスオーバー法: ウォッシュアウト期間を挟む2セッション、各セッションで半数の症例に AI あり</translation>
    </message>
    <message>
        <source>Seed of the randomised case orders (recorded in the study)</source>
        <translation>症例順の無作為化に用いるシード（読影試験に記録されます）</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 日</translation>
    </message>
    <message>
        <source>optional (default: the folder name)</source>
        <translation>任意（既定: フォルダー名）</translation>
    </message>
    <message>
        <source>a new or empty folder</source>
        <translation>新規または空のフォルダー</translation>
    </message>
    <message>
        <source>optional: fix the model bundle readers will see</source>
        <translation>任意: 読影者に表示するモデルバンドルを固定</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <source>Case manifest</source>
        <translation>症例マニフェスト</translation>
    </message>
    <message>
        <source>Reader IDs</source>
        <translation>読影者ID</translation>
    </message>
    <message>
        <source>Design</source>
        <translation>デザイン</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>シード</translation>
    </message>
    <message>
        <source>Washout</source>
        <translation>ウォッシュアウト期間</translation>
    </message>
    <message>
        <source>Study name</source>
        <translation>読影試験名</translation>
    </message>
    <message>
        <source>Study folder</source>
        <translation>読影試験フォルダー</translation>
    </message>
    <message>
        <source>Model bundle</source>
        <translation>モデルバンドル</translation>
    </message>
    <message>
        <source>Key file</source>
        <translation>正解キーファイル</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>質問</translation>
    </message>
    <message>
        <source>Rating scale</source>
        <translation>評価尺度</translation>
    </message>
    <message>
        <source>Action question</source>
        <translation>追加質問</translation>
    </message>
    <message>
        <source>Practice cases</source>
        <translation>練習症例</translation>
    </message>
    <message>
        <source>Instructions</source>
        <translation>読影者への説明</translation>
    </message>
    <message>
        <source>Create study</source>
        <translation>読影試験を作成</translation>
    </message>
    <message>
        <source>The labels in the manifest go into the key file, outside the study folder: keep it with the coordinator, readers never need it. Each reader&apos;s case order is randomised from the seed.</source>
        <translation>マニフェストの正解ラベルは読影試験フォルダーの外の正解キーファイルに保存されます。管理者が保管し、読影者には不要です。各読影者の症例順はシードから無作為化されます。</translation>
    </message>
    <message>
        <source>outside the study folder (default: &lt;study folder&gt;.key.json beside it)</source>
        <translation>フォルダーの外（既定: 隣に &lt;フォルダー名&gt;.key.json）</translation>
    </message>
    <message>
        <source>The ground truth (labels) and the seed, for the analysis only; never in the folder readers open</source>
        <translation>正解（ラベル）とシード。解析専用で、読影者が開くフォルダーには置きません</translation>
    </message>
    <message>
        <source>AUC is computed from the rating; accuracy, sensitivity and specificity from the decision (yes/no; 5-point: 4 or 5; probability: 50 % or more)</source>
        <translation>AUC は評定値から、正診率・感度・特異度は判定から算出します（はい/いいえ。5段階: 4 または 5。確率: 50%以上）</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>質問する</translation>
    </message>
    <message>
        <source>Refer for echocardiography?</source>
        <translation>心エコー図検査を依頼しますか?</translation>
    </message>
    <message>
        <source>optional: case IDs read first by everyone, never analysed</source>
        <translation>任意: 全員が最初に読影する症例ID（解析には含めません）</translation>
    </message>
    <message>
        <source>optional: shown to readers before their first case</source>
        <translation>任意: 最初の症例の前に読影者に表示</translation>
    </message>
    <message>
        <source>Start the answer with the AI from the answer without it (invites anchoring)</source>
        <translation>AI ありの回答を AI なしの回答から始める（アンカリングを招きます）</translation>
    </message>
    <message>
        <source>Readers may add a comment to each answer</source>
        <translation>読影者は各回答にコメントを付けられる</translation>
    </message>
    <message>
        <source>Key file (outside the study folder)</source>
        <translation>正解キーファイル（読影試験フォルダーの外）</translation>
    </message>
    <message>
        <source>Study folder (new or empty)</source>
        <translation>読影試験フォルダー（新規または空）</translation>
    </message>
    <message>
        <source>Model bundle folder</source>
        <translation>モデルバンドルのフォルダー</translation>
    </message>
    <message>
        <source>choose the case manifest (CSV)</source>
        <translation>症例マニフェスト (CSV) を選択してください</translation>
    </message>
    <message>
        <source>enter at least one reader ID (pseudonyms such as R01, never names)</source>
        <translation>読影者IDを1つ以上入力してください（R01 などの仮名。氏名は不可）</translation>
    </message>
    <message>
        <source>choose the study folder (new or empty)</source>
        <translation>読影試験フォルダー（新規または空）を選択してください</translation>
    </message>
    <message>
        <source>Creating the study…</source>
        <translation>読影試験を作成中…</translation>
    </message>
    <message>
        <source>Created study “{name}”: {cases} cases, {readers} readers</source>
        <translation>読影試験「{name}」を作成しました: {cases} 症例、読影者 {readers} 名</translation>
    </message>
</context>
<context>
    <name>WorklistModel</name>
    <message>
        <source>Rank</source>
        <translation>順位</translation>
    </message>
    <message>
        <source>Case ID</source>
        <translation>症例ID</translation>
    </message>
    <message>
        <source>PH risk</source>
        <translation>PH リスク</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>区分</translation>
    </message>
    <message>
        <source>Partial / missing</source>
        <translation>部分 / 欠損</translation>
    </message>
    <message>
        <source>ECG</source>
        <translation>心電図</translation>
    </message>
    <message>
        <source>Chest X-ray</source>
        <translation>胸部X線</translation>
    </message>
    <message>
        <source>BNP</source>
        <translation>BNP</translation>
    </message>
    <message>
        <source>Issues</source>
        <translation>問題</translation>
    </message>
    <message>
        <source>Case (ID hidden)</source>
        <translation>症例（ID 非表示）</translation>
    </message>
    <message>
        <source>Rank by fused PH risk among the scored cases</source>
        <translation>スコア化した症例の中での統合 PH リスクの順位</translation>
    </message>
    <message>
        <source>Fused, calibrated PH risk (without Grad-CAM; identical numbers)</source>
        <translation>統合・較正済みの PH リスク（Grad-CAM なし。数値は同一）</translation>
    </message>
    <message>
        <source>At the default operating threshold of the inputs this case has</source>
        <translation>この症例の入力の組み合わせに対する既定の判定閾値での区分</translation>
    </message>
    <message>
        <source>Calibrated risk from the ECG alone (! = unlike the training data)</source>
        <translation>心電図単独の較正済みリスク（! = 学習データと異なる）</translation>
    </message>
    <message>
        <source>Calibrated risk from the chest X-ray alone (! = unlike the training data)</source>
        <translation>胸部X線単独の較正済みリスク（! = 学習データと異なる）</translation>
    </message>
    <message>
        <source>Calibrated risk from BNP alone (! = unlike the training data)</source>
        <translation>BNP 単独の較正済みリスク（! = 学習データと異なる）</translation>
    </message>
    <message>
        <source>Files that could not be read, ECG quality warnings, manifest problems</source>
        <translation>読み込めなかったファイル、心電図の品質警告、マニフェストの問題</translation>
    </message>
    <message>
        <source>manifest row {row}</source>
        <translation>マニフェスト {row} 行目</translation>
    </message>
    <message>
        <source>{case_id} (manifest row {row})</source>
        <translation>{case_id}（マニフェスト {row} 行目）</translation>
    </message>
    <message>
        <source>not scored</source>
        <translation>未スコア</translation>
    </message>
    <message>
        <source>missing {names}</source>
        <translation>欠損: {names}</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>完全</translation>
    </message>
</context>
<context>
    <name>WorklistPanel</name>
    <message>
        <source>Worklist</source>
        <translation>ワークリスト</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Stop scoring; the cases scored so far stay in the list</source>
        <translation>スコア化を中止します。それまでにスコア化した症例は一覧に残ります</translation>
    </message>
    <message>
        <source>Save CSV…</source>
        <translation>CSV を保存…</translation>
    </message>
    <message>
        <source>Save the ranked worklist as CSV (the columns of `ph-assist triage`)</source>
        <translation>順位付けしたワークリストを CSV で保存（`ph-assist triage` と同じ列）</translation>
    </message>
    <message>
        <source>Ranked by fused PH risk, scored without Grad-CAM. Double-click a case (or press Enter) to review it with Grad-CAM.</source>
        <translation>統合 PH リスクの順に並べています（Grad-CAM なしでスコア化）。症例をダブルクリック（または Enter）すると Grad-CAM 付きでレビューできます。</translation>
    </message>
    <message>
        <source>Scoring…</source>
        <translation>スコア化中…</translation>
    </message>
    <message>
        <source>Scoring… {done} case(s) done</source>
        <translation>スコア化中… {done} 件完了</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>中止</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>Cancelled after</source>
        <translation>中止</translation>
    </message>
    <message>
        <source>Scored</source>
        <translation>スコア化完了</translation>
    </message>
    <message>
        <source>{state} {n_cases} case(s) in {seconds:.1f} s: {n_scored} scored, {n_failed} not scored</source>
        <translation>{state}: {n_cases} 件（{seconds:.1f} 秒） — スコア化 {n_scored} 件、未スコア {n_failed} 件</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>Worklist — {name}</source>
        <translation>ワークリスト — {name}</translation>
    </message>
</context>
<context>
    <name>_FileRow</name>
    <message>
        <source>Open…</source>
        <translation>開く…</translation>
    </message>
    <message>
        <source>Open the {title} file</source>
        <translation>{title}のファイルを開く</translation>
    </message>
    <message>
        <source>Remove the {title} from this case</source>
        <translation>この症例から{title}を外す</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
</context>
<context>
    <name>_LeadZoom</name>
    <message>
        <source>{fmt_s} s</source>
        <translation>{fmt_s} 秒</translation>
    </message>
    <message>
        <source>↑ ↓ other leads · Esc or click to close</source>
        <translation>↑ ↓ 他の誘導 · Esc またはクリックで閉じる</translation>
    </message>
    <message>
        <source>lead missing</source>
        <translation>誘導欠落</translation>
    </message>
</context>
<context>
    <name>_SubScoreRow</name>
    <message>
        <source>The risk of PH this model bundle gives from this input alone (calibrated, on the same scale as the fused risk)</source>
        <translation>このモデルバンドルがこの入力単独から算出した PH リスク（較正済み、統合リスクと同じ尺度）</translation>
    </message>
    <message>
        <source>Discrimination of this sub-model on the bundle&apos;s validation set (from the model card), with its 95 % confidence interval and where it comes from</source>
        <translation>バンドルの検証データセットにおけるこのサブモデルの識別能（モデルカードより）、95% 信頼区間と出典</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>欠損</translation>
    </message>
    <message>
        <source>not used for this result</source>
        <translation>この結果には使用されていません</translation>
    </message>
    <message>
        <source>only input</source>
        <translation>唯一の入力</translation>
    </message>
</context>
<context>
    <name>assessment</name>
    <message>
        <source>missing</source>
        <translation>欠損</translation>
    </message>
    <message>
        <source>flat</source>
        <translation>平坦</translation>
    </message>
    <message>
        <source>saturated</source>
        <translation>飽和</translation>
    </message>
    <message>
        <source>out of range</source>
        <translation>範囲外</translation>
    </message>
    <message>
        <source>ECG quality: {leads}</source>
        <translation>心電図の品質: {leads}</translation>
    </message>
    <message>
        <source>{given} was given but this model bundle was trained on {trained}; the two peptides are not interchangeable, so {given} was left out of the risk</source>
        <translation>{given} が入力されましたが、このモデルバンドルは {trained} で学習されています。両ペプチドは互換性がないため、{given} はリスク算出から除外しました</translation>
    </message>
    <message>
        <source>this model bundle has no description of its training data: inputs unlike it cannot be flagged</source>
        <translation>このモデルバンドルには学習データの記述がありません: 学習データと異なる入力を検出できません</translation>
    </message>
</context>
<context>
    <name>case_facts</name>
    <message>
        <source>not measured</source>
        <translation>未測定</translation>
    </message>
    <message>
        <source>{entered} = {lt}{value} pg/mL</source>
        <translation>{entered} = {lt}{value} pg/mL</translation>
    </message>
    <message>
        <source>BNP stratum</source>
        <translation>BNP リスク層</translation>
    </message>
    <message>
        <source>ESC/ERS 2022; prognostic in PAH, not a diagnostic cut-off</source>
        <translation>ESC/ERS 2022。PAH の予後リスク層別であり、診断カットオフ値ではありません</translation>
    </message>
    <message>
        <source>ECG</source>
        <translation>心電図</translation>
    </message>
    <message>
        <source>none for this case</source>
        <translation>この症例にはありません</translation>
    </message>
    <message>
        <source>could not be read</source>
        <translation>読み込めませんでした</translation>
    </message>
    <message>
        <source>{usable} of {n} leads usable, {s} s</source>
        <translation>{n} 誘導中 {usable} 誘導が使用可能、{s} 秒</translation>
    </message>
    <message>
        <source>ECG quality</source>
        <translation>心電図の品質</translation>
    </message>
    <message>
        <source>no lead flagged</source>
        <translation>品質フラグのある誘導なし</translation>
    </message>
    <message>
        <source>ECG measurements</source>
        <translation>心電図計測</translation>
    </message>
    <message>
        <source>measuring…</source>
        <translation>計測中…</translation>
    </message>
    <message>
        <source>ECG measurements, device</source>
        <translation>心電図計測（心電計）</translation>
    </message>
    <message>
        <source>ECG criteria of PH</source>
        <translation>PH の心電図基準</translation>
    </message>
    <message>
        <source>Chest X-ray</source>
        <translation>胸部X線</translation>
    </message>
    <message>
        <source>read</source>
        <translation>読み込み済み</translation>
    </message>
    <message>
        <source>Chest X-ray notes</source>
        <translation>胸部X線の注記</translation>
    </message>
    <message>
        <source>Could not read</source>
        <translation>読み込めませんでした</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <source>score one case: ECG, chest X-ray and/or BNP -&gt; sub-scores and fused PH risk</source>
        <translation>症例を1件スコア化: 心電図、胸部X線、BNP の一部または全部 -&gt; サブスコアと PH 統合リスク</translation>
    </message>
    <message>
        <source>Assess one case with a model bundle. Any of --ecg, --cxr and --bnp may be missing; the fused risk is then marked partial and names what is missing.</source>
        <translation>モデルバンドルで症例を1件評価します。--ecg、--cxr、--bnp はどれが欠けてもかまいません。その場合、統合リスクは部分的と表示され、欠けている入力が示されます。</translation>
    </message>
    <message>
        <source>ECG file (any supported format)</source>
        <translation>心電図ファイル（対応する任意の形式）</translation>
    </message>
    <message>
        <source>sampling rate of a CSV ECG</source>
        <translation>CSV 心電図のサンプリング周波数</translation>
    </message>
    <message>
        <source>chest X-ray file (DICOM, PNG, JPEG)</source>
        <translation>胸部X線ファイル（DICOM、PNG、JPEG）</translation>
    </message>
    <message>
        <source>BNP value (e.g. 120, or &lt;5 below the detection limit)</source>
        <translation>BNP 値（例: 120。検出限界未満は &lt;5）</translation>
    </message>
    <message>
        <source>BNP / NT-proBNP from the laboratory system: a FHIR R4 Observation or Bundle (JSON); the most recent final result is used</source>
        <translation>検査システムの BNP / NT-proBNP: FHIR R4 の Observation または Bundle (JSON)。最新の確定結果を使用します</translation>
    </message>
    <message>
        <source>unit of --bnp</source>
        <translation>--bnp の単位</translation>
    </message>
    <message>
        <source>what --bnp measures</source>
        <translation>--bnp が測定する項目</translation>
    </message>
    <message>
        <source>model bundle folder (default: the demo bundle)</source>
        <translation>モデルバンドルのフォルダー（既定: デモバンドル）</translation>
    </message>
    <message>
        <source>assess the generated demo case (with --bnp: its ECG and radiograph with that BNP value)</source>
        <translation>生成したデモ症例を評価する（--bnp 指定時: その心電図と胸部X線をその BNP 値で）</translation>
    </message>
    <message>
        <source>print JSON</source>
        <translation>JSON を出力</translation>
    </message>
    <message>
        <source>write Grad-CAM maps (.npy) and overlay PNGs here</source>
        <translation>Grad-CAM マップ (.npy) とオーバーレイ PNG をここに書き出す</translation>
    </message>
    <message>
        <source>skip Grad-CAM (faster)</source>
        <translation>Grad-CAM を省略する（高速）</translation>
    </message>
    <message>
        <source>pseudonymous case ID to show in the output</source>
        <translation>出力に表示する仮名化症例ID</translation>
    </message>
    <message>
        <source>store the result on a PACS: the assessment as a DICOM SR and the Grad-CAM overlay as a Secondary Capture, in the radiograph&apos;s study (PACS: a connection in pacs.toml, AET@HOST:PORT or a DICOMweb URL; needs DICOM inputs)</source>
        <translation>結果を PACS に保存する: 評価を DICOM SR として、Grad-CAM オーバーレイを Secondary Capture として、胸部X線の検査 (study) に保存します（PACS: pacs.toml の接続名、AET@HOST:PORT または DICOMweb URL。DICOM 入力が必要）</translation>
    </message>
    <message>
        <source>write that SR and overlay as DICOM files here</source>
        <translation>その SR とオーバーレイを DICOM ファイルとしてここに書き出す</translation>
    </message>
    <message>
        <source>connections file for --store (default: pacs.toml in the config folder)</source>
        <translation>--store の接続設定ファイル（既定: 設定フォルダーの pacs.toml）</translation>
    </message>
    <message>
        <source>also write the PDF report of the case</source>
        <translation>症例の PDF レポートも書き出す</translation>
    </message>
    <message>
        <source>score every case of a manifest and write a worklist ranked by PH risk</source>
        <translation>マニフェストの全症例をスコア化し、PH リスク順のワークリストを書き出す</translation>
    </message>
    <message>
        <source>Manifest columns: case_id, ecg_path, cxr_path, bnp, bnp_unit (paths relative to the manifest&apos;s folder, or --data-root, and inside it). Bad files do not stop the run; each is listed with its reason.</source>
        <translation>マニフェストの列: case_id, ecg_path, cxr_path, bnp, bnp_unit（パスはマニフェストのフォルダーまたは --data-root からの相対パスで、その中にあること）。不正なファイルがあっても処理は止まらず、それぞれ理由とともに一覧表示されます。</translation>
    </message>
    <message>
        <source>case manifest CSV</source>
        <translation>症例マニフェスト CSV</translation>
    </message>
    <message>
        <source>ranked worklist to write</source>
        <translation>書き出すランク付きワークリスト</translation>
    </message>
    <message>
        <source>folder the manifest&apos;s paths are relative to and must stay inside (default: the manifest&apos;s folder)</source>
        <translation>マニフェストのパスの基準となり、パスがその中に収まるべきフォルダー（既定: マニフェストのフォルダー）</translation>
    </message>
    <message>
        <source>overwrite --out if it exists</source>
        <translation>--out が存在する場合は上書きする</translation>
    </message>
    <message>
        <source>no progress line</source>
        <translation>進捗行を表示しない</translation>
    </message>
    <message>
        <source>WARNING: {text}</source>
        <translation>警告: {text}</translation>
    </message>
    <message>
        <source>wrote {path}</source>
        <translation>{path} を書き出しました</translation>
    </message>
    <message>
        <source>stored on {pacs}: {what}</source>
        <translation>{pacs} に保存: {what}</translation>
    </message>
    <message>
        <source>triage: case {done}/{total} ({rate:.1f}/s{eta})</source>
        <translation>トリアージ：症例 {done}/{total}（{rate:.1f}/s{eta}）</translation>
    </message>
    <message>
        <source>wrote {out}: {n_scored} of {n_cases} cases scored ({n_partial} partial), {n_failed} not scored, {rate:.1f} cases/s, bundle {bundle}</source>
        <translation>{out} を書き出しました: {n_cases} 件中 {n_scored} 件をスコア化（部分的 {n_partial} 件）、未スコア {n_failed} 件、{rate:.1f} 件/秒、バンドル {bundle}</translation>
    </message>
    <message>
        <source>not scored: {case_id}: {reason}</source>
        <translation>未スコア: {case_id}: {reason}</translation>
    </message>
    <message>
        <source>... and {n} more (see the worklist&apos;s issues column)</source>
        <translation>... ほかに {n} 件（ワークリストの「問題」列を参照）</translation>
    </message>
    <message>
        <source>Connections: pacs.toml in $PH_ASSIST_CONFIG_DIR (default ~/.config/ph-assist), e.g.
  [connections.radiology]
  aet = &quot;ORTHANC&quot;
  host = &quot;127.0.0.1&quot;
  port = 4242

  [connections.web]
  url = &quot;http://127.0.0.1:8042/dicom-web&quot;</source>
        <translation>接続: $PH_ASSIST_CONFIG_DIR（既定 ~/.config/ph-assist）の pacs.toml。例:
  [connections.radiology]
  aet = &quot;ORTHANC&quot;
  host = &quot;127.0.0.1&quot;
  port = 4242

  [connections.web]
  url = &quot;http://127.0.0.1:8042/dicom-web&quot;</translation>
    </message>
    <message>
        <source>echo, find and get radiographs and ECGs on a PACS (DIMSE or DICOMweb)</source>
        <translation>PACS 上の胸部X線と心電図の echo、検索、取得（DIMSE または DICOMweb）</translation>
    </message>
    <message>
        <source>Talk to a PACS: check it answers (echo), list studies holding radiographs (CR, DX) or ECG waveforms (find), and retrieve them into a case folder (get).</source>
        <translation>PACS と通信します: 応答の確認 (echo)、胸部X線 (CR, DX) または心電図波形を含む検査の一覧 (find)、それらの症例フォルダーへの取得 (get)。</translation>
    </message>
    <message>
        <source>check that the PACS answers (C-ECHO, or a minimal QIDO-RS search)</source>
        <translation>PACS が応答することを確認する（C-ECHO、または最小限の QIDO-RS 検索）</translation>
    </message>
    <message>
        <source>list the studies (or series) holding radiographs or ECGs</source>
        <translation>胸部X線または心電図を含む検査（またはシリーズ）を一覧表示する</translation>
    </message>
    <message>
        <source>list studies or their series</source>
        <translation>検査またはそのシリーズを一覧表示する</translation>
    </message>
    <message>
        <source>list at most N studies, the most recent (default 100)</source>
        <translation>最新のものから最大 N 件の検査を一覧表示する（既定 100）</translation>
    </message>
    <message>
        <source>also show study and series descriptions (free text, which may identify the patient)</source>
        <translation>検査とシリーズの説明も表示する（自由記述であり、患者を特定しうる）</translation>
    </message>
    <message>
        <source>retrieve studies&apos; radiograph and ECG into a case folder</source>
        <translation>検査の胸部X線と心電図を症例フォルダーに取得する</translation>
    </message>
    <message>
        <source>Retrieve the CR/DX radiograph and ECG waveform instances of the given studies (--study, repeatable) or of every study the query keys find, into OUT. Files already retrieved are kept if the transfer stops.</source>
        <translation>指定した検査（--study、複数指定可）または検索キーで見つかったすべての検査の CR/DX 胸部X線と心電図波形のインスタンスを OUT に取得します。転送が中断しても、取得済みのファイルは残ります。</translation>
    </message>
    <message>
        <source>Study Instance UID (repeatable)</source>
        <translation>Study Instance UID（複数指定可）</translation>
    </message>
    <message>
        <source>without --study: refuse when the query finds more than N studies (default 5)</source>
        <translation>--study なしの場合: 検索で N 件を超える検査が見つかれば拒否する（既定 5）</translation>
    </message>
    <message>
        <source>case folder to write (created if missing)</source>
        <translation>書き出す症例フォルダー（なければ作成）</translation>
    </message>
    <message>
        <source>send DICOM files (an assessment SR, a Grad-CAM overlay) to the PACS</source>
        <translation>DICOM ファイル（評価の SR、Grad-CAM オーバーレイ）を PACS に送信する</translation>
    </message>
    <message>
        <source>Send DICOM files to the PACS (C-STORE, or STOW-RS), e.g. the SR and overlay that &apos;ph-assist assess --dicom-out DIR&apos; wrote. Usage: pacs store PACS FILE... where PACS is a connection name, AET@HOST:PORT or a DICOMweb URL. &apos;ph-assist assess --store PACS&apos; makes and sends them in one step.</source>
        <translation>DICOM ファイルを PACS に送信します（C-STORE または STOW-RS）。例: &apos;ph-assist assess --dicom-out DIR&apos; が書き出した SR とオーバーレイ。使い方: pacs store PACS FILE...（PACS は接続名、AET@HOST:PORT または DICOMweb URL）。&apos;ph-assist assess --store PACS&apos; なら作成と送信を一度に行います。</translation>
    </message>
    <message>
        <source>the connection name (without --dimse/--url), then the DICOM files</source>
        <translation>接続名（--dimse/--url を使わない場合）、続いて DICOM ファイル</translation>
    </message>
    <message>
        <source>a connection named in pacs.toml</source>
        <translation>pacs.toml に記載された接続名</translation>
    </message>
    <message>
        <source>a DIMSE PACS, instead of a named connection</source>
        <translation>DIMSE の PACS（接続名の代わりに）</translation>
    </message>
    <message>
        <source>a DICOMweb root, e.g. http://host:8042/dicom-web</source>
        <translation>DICOMweb のルート。例: http://host:8042/dicom-web</translation>
    </message>
    <message>
        <source>connections file (default: pacs.toml in the config folder)</source>
        <translation>接続設定ファイル（既定: 設定フォルダーの pacs.toml）</translation>
    </message>
    <message>
        <source>our AE title with --dimse (default PHASSIST)</source>
        <translation>--dimse 使用時の自分の AE タイトル（既定 PHASSIST）</translation>
    </message>
    <message>
        <source>with --dimse: retrieve by C-MOVE to our storage SCP on PORT instead of C-GET</source>
        <translation>--dimse 使用時: C-GET の代わりに、PORT で待ち受ける自分のストレージ SCP への C-MOVE で取得する</translation>
    </message>
    <message>
        <source>seconds allowed for each network step (default 10)</source>
        <translation>ネットワークの各手順に許す秒数（既定 10）</translation>
    </message>
    <message>
        <source>study date from (YYYY-MM-DD)</source>
        <translation>検査日の開始 (YYYY-MM-DD)</translation>
    </message>
    <message>
        <source>study date to, inclusive (YYYY-MM-DD)</source>
        <translation>検査日の終了、当日を含む (YYYY-MM-DD)</translation>
    </message>
    <message>
        <source>CR, DX or ECG (repeatable; default all three); SR and OT read back PH-Assist&apos;s stored results (assessment SR, Grad-CAM overlay)</source>
        <translation>CR、DX または ECG（複数指定可。既定は3つすべて）。SR と OT は PH-Assist が保存した結果（評価の SR、Grad-CAM オーバーレイ）を読み戻します</translation>
    </message>
    <message>
        <source>accession number (exact; &apos;-&apos; reads it from stdin)</source>
        <translation>受付番号（完全一致。&apos;-&apos; で標準入力から読む）</translation>
    </message>
    <message>
        <source>patient ID (exact; &apos;-&apos; reads it from stdin, keeping it out of the process list and shell history)</source>
        <translation>患者ID（完全一致。&apos;-&apos; で標準入力から読み、プロセス一覧とシェル履歴に残さない）</translation>
    </message>
    <message>
        <source>{pacs}: answers ({ms} ms)</source>
        <translation>{pacs}: 応答あり ({ms} ms)</translation>
    </message>
    <message>
        <source>{pacs}: nothing found</source>
        <translation>{pacs}: 該当なし</translation>
    </message>
    <message>
        <source>wrote {kind} {path}</source>
        <translation>{kind} {path} を書き出しました</translation>
    </message>
    <message>
        <source>; open the folder in the app, or: {command}</source>
        <translation>。アプリでフォルダーを開くか、次を実行: {command}</translation>
    </message>
    <message>
        <source>{n} file(s) from 1 study in {seconds} s</source>
        <translation>{n} ファイル（1 検査）を {seconds} 秒で取得</translation>
    </message>
    <message>
        <source>{n} file(s) from {n_studies} studies in {seconds} s</source>
        <translation>{n} ファイル（{n_studies} 検査）を {seconds} 秒で取得</translation>
    </message>
    <message>
        <source>stored {uid}</source>
        <translation>{uid} を保存しました</translation>
    </message>
    <message>
        <source>{pacs}: {n} instance(s) stored</source>
        <translation>{pacs}: {n} インスタンスを保存しました</translation>
    </message>
    <message>
        <source>language of the output: {languages}; default: the system locale (or $PH_ASSIST_LANG)</source>
        <translation>出力の言語: {languages}。既定: システムのロケール（または $PH_ASSIST_LANG）</translation>
    </message>
    <message>
        <source>PH-Assist: decision support for early detection of pulmonary hypertension from ECG, chest X-ray and BNP. Research software, not a certified medical device.</source>
        <translation>PH-Assist: 心電図・胸部X線・BNP による肺高血圧症の早期発見の診断支援。研究用ソフトウェアであり、医療機器として承認されていません。</translation>
    </message>
    <message>
        <source>show tracebacks of internal errors</source>
        <translation>内部エラーのトレースバックを表示する</translation>
    </message>
    <message>
        <source>sign, verify and trust model bundles</source>
        <translation>モデルバンドルの署名、検証、信頼</translation>
    </message>
    <message>
        <source>A bundle&apos;s SHA-256 manifest proves its files are intact; an Ed25519 signature by a trusted key proves who made it. Unsigned or untrusted bundles are shown as &apos;unverified origin&apos; and never count as clinical.</source>
        <translation>バンドルの SHA-256 マニフェストはファイルが完全であることを、信頼された鍵による Ed25519 署名は作成者を証明します。署名のない、または信頼されていないバンドルは「出所未確認」と表示され、臨床用とは見なされません。</translation>
    </message>
    <message>
        <source>create a signing key pair (KEY and KEY.pub)</source>
        <translation>署名用の鍵ペアを作成する（KEY と KEY.pub）</translation>
    </message>
    <message>
        <source>private key file to create (mode 600)</source>
        <translation>作成する秘密鍵ファイル（モード 600）</translation>
    </message>
    <message>
        <source>who signs with it, e.g. &apos;Cardiology AI team, Hospital X&apos;</source>
        <translation>この鍵で署名する者。例: &apos;Cardiology AI team, Hospital X&apos;</translation>
    </message>
    <message>
        <source>sign a bundle with a private key</source>
        <translation>秘密鍵でバンドルに署名する</translation>
    </message>
    <message>
        <source>bundle folder</source>
        <translation>バンドルのフォルダー</translation>
    </message>
    <message>
        <source>private key file (from &apos;bundle keygen&apos;)</source>
        <translation>秘密鍵ファイル (&apos;bundle keygen&apos; で作成)</translation>
    </message>
    <message>
        <source>name recorded with the signature</source>
        <translation>署名とともに記録する名前</translation>
    </message>
    <message>
        <source>check a bundle&apos;s files and who signed it (exit 0 only if trusted)</source>
        <translation>バンドルのファイルと署名者を確認する（信頼された場合のみ終了コード 0）</translation>
    </message>
    <message>
        <source>add a public key to this installation&apos;s trust store</source>
        <translation>このインストールの信頼ストアに公開鍵を追加する</translation>
    </message>
    <message>
        <source>KEY.pub file</source>
        <translation>KEY.pub ファイル</translation>
    </message>
    <message>
        <source>wrote private key {key} (keep it secret) and public key {pub} (give it to the sites that trust you)</source>
        <translation>秘密鍵 {key}（秘密に保管）と公開鍵 {pub}（信頼してもらう施設に渡す）を書き出しました</translation>
    </message>
    <message>
        <source>signed bundle {bundle} ({bundle_id}) as {signer} (key {key_id})</source>
        <translation>バンドル {bundle} ({bundle_id}) に {signer} として署名しました（鍵 {key_id}）</translation>
    </message>
    <message>
        <source>{bundle}: files intact (bundle ID {bundle_id}); {origin}</source>
        <translation>{bundle}: ファイルは完全です（バンドルID {bundle_id}）。{origin}</translation>
    </message>
    <message>
        <source>banner: {banner}</source>
        <translation>バナー: {banner}</translation>
    </message>
    <message>
        <source>trusted: {key} -&gt; {dest}</source>
        <translation>信頼しました: {key} -&gt; {dest}</translation>
    </message>
    <message>
        <source>show what PH-Assist reads from an ECG or chest X-ray file</source>
        <translation>心電図または胸部X線ファイルから PH-Assist が読み取る内容を表示する</translation>
    </message>
    <message>
        <source>Read an ECG or chest X-ray file and print what was read: kind, format, leads, sampling rate, duration, image shape, pixel spacing and its kind, and quality flags. Patient names and IDs are never shown; the file is named by a hash and free-text header fields (device, interpretation statements, annotations, body part, window and LUT explanations), which can carry identifiers, are withheld unless --show-text is given.</source>
        <translation>心電図または胸部X線ファイルを読み、読み取った内容を表示します: 種類、形式、誘導、サンプリング周波数、記録時間、画像サイズ、ピクセル間隔とその種類、品質フラグ。患者の氏名とIDは表示しません。ファイルはハッシュで示され、識別情報を含みうるヘッダーの自由記述項目（装置、判読所見、注釈、撮影部位、ウィンドウと LUT の説明）は --show-text を指定しない限り表示しません。</translation>
    </message>
    <message>
        <source>ECG or chest X-ray file (WFDB: the .hea file)</source>
        <translation>心電図または胸部X線ファイル（WFDB: .hea ファイル）</translation>
    </message>
    <message>
        <source>inspect the demo ECG shipped with the app</source>
        <translation>アプリに同梱のデモ心電図を表示する</translation>
    </message>
    <message>
        <source>print JSON instead of text</source>
        <translation>テキストの代わりに JSON を出力</translation>
    </message>
    <message>
        <source>sampling rate in Hz (CSV ECGs only)</source>
        <translation>サンプリング周波数 (Hz)（CSV 心電図のみ）</translation>
    </message>
    <message>
        <source>also show the file&apos;s path and its free-text header fields (they may identify the patient)</source>
        <translation>ファイルのパスとヘッダーの自由記述項目も表示する（患者を特定しうる）</translation>
    </message>
    <message>
        <source>show ECGs with fewer than 12 leads (missing leads flagged) instead of refusing them</source>
        <translation>12誘導未満の心電図も拒否せずに表示する（欠けた誘導を明示）</translation>
    </message>
    <message>
        <source>convert an ECG to CSV or WFDB, or a chest X-ray to 16-bit PNG</source>
        <translation>心電図を CSV または WFDB に、胸部X線を16ビット PNG に変換する</translation>
    </message>
    <message>
        <source>Convert an ECG to CSV (mV, one column per lead, header) or WFDB (OUT ending in .hea, or .dat), or a chest X-ray to a 16-bit grayscale PNG in display polarity. The output format follows OUT&apos;s extension.</source>
        <translation>心電図を CSV（mV、誘導ごとに1列、ヘッダー付き）または WFDB（OUT の末尾が .hea または .dat）に、胸部X線を表示極性の16ビットグレースケール PNG に変換します。出力形式は OUT の拡張子で決まります。</translation>
    </message>
    <message>
        <source>ECG or chest X-ray file</source>
        <translation>心電図または胸部X線ファイル</translation>
    </message>
    <message>
        <source>output file: .csv or .hea for ECGs, .png for chest X-rays</source>
        <translation>出力ファイル: 心電図は .csv または .hea、胸部X線は .png</translation>
    </message>
    <message>
        <source>sampling rate in Hz (CSV input only)</source>
        <translation>サンプリング周波数 (Hz)（CSV 入力のみ）</translation>
    </message>
    <message>
        <source>overwrite OUT if it exists</source>
        <translation>OUT が存在する場合は上書きする</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>format</source>
        <translation>形式</translation>
    </message>
    <message>
        <source>path</source>
        <translation>パス</translation>
    </message>
    <message>
        <source>leads</source>
        <translation>誘導</translation>
    </message>
    <message>
        <source>source leads</source>
        <translation>記録された誘導</translation>
    </message>
    <message>
        <source>sampling rate hz</source>
        <translation>サンプリング Hz</translation>
    </message>
    <message>
        <source>n samples</source>
        <translation>サンプル数</translation>
    </message>
    <message>
        <source>duration s</source>
        <translation>記録時間 s</translation>
    </message>
    <message>
        <source>derived leads</source>
        <translation>算出した誘導</translation>
    </message>
    <message>
        <source>quality</source>
        <translation>品質</translation>
    </message>
    <message>
        <source>age years</source>
        <translation>年齢（歳）</translation>
    </message>
    <message>
        <source>sex</source>
        <translation>性別</translation>
    </message>
    <message>
        <source>acquired</source>
        <translation>取得日時</translation>
    </message>
    <message>
        <source>device</source>
        <translation>装置</translation>
    </message>
    <message>
        <source>statements</source>
        <translation>解析所見</translation>
    </message>
    <message>
        <source>shape</source>
        <translation>画像サイズ</translation>
    </message>
    <message>
        <source>bits stored</source>
        <translation>格納ビット数</translation>
    </message>
    <message>
        <source>photometric</source>
        <translation>Photometric</translation>
    </message>
    <message>
        <source>pixel spacing mm</source>
        <translation>ピクセル間隔 mm</translation>
    </message>
    <message>
        <source>spacing kind</source>
        <translation>ピクセル間隔の種類</translation>
    </message>
    <message>
        <source>spacing calibrated</source>
        <translation>ピクセル間隔の較正</translation>
    </message>
    <message>
        <source>spacing label</source>
        <translation>ピクセル間隔の説明</translation>
    </message>
    <message>
        <source>magnification factor</source>
        <translation>拡大率</translation>
    </message>
    <message>
        <source>view position</source>
        <translation>撮影方向</translation>
    </message>
    <message>
        <source>patient orientation</source>
        <translation>患者の向き</translation>
    </message>
    <message>
        <source>image laterality</source>
        <translation>画像の左右</translation>
    </message>
    <message>
        <source>transfer syntax</source>
        <translation>Transfer Syntax</translation>
    </message>
    <message>
        <source>lossy</source>
        <translation>非可逆圧縮</translation>
    </message>
    <message>
        <source>windows</source>
        <translation>ウィンドウ</translation>
    </message>
    <message>
        <source>voi function</source>
        <translation>VOI 関数</translation>
    </message>
    <message>
        <source>voi</source>
        <translation>VOI</translation>
    </message>
    <message>
        <source>notes</source>
        <translation>注記</translation>
    </message>
    <message>
        <source>study date</source>
        <translation>検査日</translation>
    </message>
    <message>
        <source>modality</source>
        <translation>モダリティ</translation>
    </message>
    <message>
        <source>manufacturer</source>
        <translation>製造元</translation>
    </message>
    <message>
        <source>model</source>
        <translation>機種</translation>
    </message>
    <message>
        <source>body part</source>
        <translation>撮影部位</translation>
    </message>
    <message>
        <source>analyte</source>
        <translation>測定項目</translation>
    </message>
    <message>
        <source>value pg ml</source>
        <translation>値 pg/mL</translation>
    </message>
    <message>
        <source>entered</source>
        <translation>入力値</translation>
    </message>
    <message>
        <source>converted</source>
        <translation>換算</translation>
    </message>
    <message>
        <source>below detection limit</source>
        <translation>検出限界未満</translation>
    </message>
    <message>
        <source>esc ers 2022 stratum</source>
        <translation>ESC/ERS 2022 層</translation>
    </message>
    <message>
        <source>stratum note</source>
        <translation>リスク層の注記</translation>
    </message>
    <message>
        <source>free text</source>
        <translation>自由記述</translation>
    </message>
    <message>
        <source>all leads ok</source>
        <translation>全誘導に問題なし</translation>
    </message>
    <message>
        <source>{n} field(s) withheld (they may identify the patient; --show-text shows them)</source>
        <translation>{n} 項目を非表示（患者を特定しうるため。--show-text で表示）</translation>
    </message>
    <message>
        <source>wrote {path} (12 leads in mV, {fs} Hz: read it back with --fs {fs})</source>
        <translation>{path} を書き出しました（12誘導、mV、{fs} Hz: --fs {fs} で読み戻せます）</translation>
    </message>
    <message>
        <source>wrote {path} (WFDB, 12 leads, {fs} Hz)</source>
        <translation>{path} を書き出しました（WFDB、12誘導、{fs} Hz）</translation>
    </message>
    <message>
        <source>wrote {path} (16-bit grayscale PNG, display polarity)</source>
        <translation>{path} を書き出しました（16ビットグレースケール PNG、表示極性）</translation>
    </message>
    <message>
        <source>open the desktop app (case review with Grad-CAM, worklists, PDF reports)</source>
        <translation>デスクトップアプリを開く（Grad-CAM 付き症例確認、ワークリスト、PDF レポート）</translation>
    </message>
    <message>
        <source>Open the PH-Assist desktop app. Research software, not a certified medical device.</source>
        <translation>PH-Assist のデスクトップアプリを開きます。研究用ソフトウェアであり、医療機器として承認されていません。</translation>
    </message>
    <message>
        <source>open the generated demo case (synthetic patient)</source>
        <translation>生成したデモ症例（合成患者）を開く</translation>
    </message>
    <message>
        <source>model bundle folder (default: $PH_ASSIST_BUNDLE or the demo bundle)</source>
        <translation>モデルバンドルのフォルダー（既定: $PH_ASSIST_BUNDLE またはデモバンドル）</translation>
    </message>
    <message>
        <source>ECG file to open</source>
        <translation>開く心電図ファイル</translation>
    </message>
    <message>
        <source>chest X-ray file to open</source>
        <translation>開く胸部X線ファイル</translation>
    </message>
    <message>
        <source>pseudonymous case ID (never a name)</source>
        <translation>仮名化症例ID（氏名は不可）</translation>
    </message>
    <message>
        <source>score the cases of a manifest CSV and rank them</source>
        <translation>マニフェスト CSV の症例をスコア化してランク付けする</translation>
    </message>
    <message>
        <source>start with case IDs and file names shown</source>
        <translation>症例IDとファイル名を表示した状態で起動する</translation>
    </message>
    <message>
        <source>wait for the result, save a picture of the window to OUT.png and exit</source>
        <translation>結果を待ち、ウィンドウの画像を OUT.png に保存して終了する</translation>
    </message>
    <message>
        <source>window size in pixels, e.g. 1280x720</source>
        <translation>ウィンドウサイズ（ピクセル）。例: 1280x720</translation>
    </message>
    <message>
        <source>with --screenshot: how long to wait for the result (default 180 s)</source>
        <translation>--screenshot 使用時: 結果を待つ時間（既定 180 秒）</translation>
    </message>
    <message>
        <source>interface language (default: the Language menu&apos;s choice, else the system locale)</source>
        <translation>インターフェースの言語（既定: 言語メニューの選択、なければシステムのロケール）</translation>
    </message>
    <message>
        <source>generate a synthetic PH cohort (ECG, chest X-ray, BNP) for training and demos</source>
        <translation>学習とデモ用の合成 PH コホート（心電図、胸部X線、BNP）を生成する</translation>
    </message>
    <message>
        <source>Generate a SYNTHETIC cohort: per case a 10-s 12-lead ECG (WFDB or DICOM), a PA chest X-ray (DICOM) and a BNP value, drawn from a latent patient model in which PH (mPAP &gt; 20 mmHg) leaves physiological traces. Writes manifest.csv, latents.csv, cohort.json and finding masks into OUT. The same seed gives the same cohort for any number of workers. Generator v2 (default) is calibrated to published figures (docs/validation/synthetic_cohort_v2.md); v1 reproduces cohorts made before it byte for byte. None of the data is from a real person.</source>
        <translation>合成コホートを生成します: 症例ごとに 10 秒の12誘導心電図（WFDB または DICOM）、正面 (PA) 胸部X線 (DICOM) と BNP 値を、PH (mPAP &gt; 20 mmHg) が生理的な痕跡を残す潜在患者モデルから生成します。manifest.csv、latents.csv、cohort.json と所見マスクを OUT に書き出します。同じシードからはワーカー数によらず同じコホートが得られます。ジェネレーター v2（既定）は公表値に合わせて較正されています (docs/validation/synthetic_cohort_v2.md)。v1 はそれ以前に作成したコホートをバイト単位で再現します。実在の人物のデータは含まれません。</translation>
    </message>
    <message>
        <source>number of cases</source>
        <translation>症例数</translation>
    </message>
    <message>
        <source>random seed (same seed, same cohort)</source>
        <translation>乱数シード（同じシードなら同じコホート）</translation>
    </message>
    <message>
        <source>output folder (created; must not hold a cohort yet)</source>
        <translation>出力フォルダー（作成されます。既存のコホートを含まないこと）</translation>
    </message>
    <message>
        <source>ECG file format: WFDB (.hea/.dat), DICOM 12-lead waveform, or a random mix (default: wfdb)</source>
        <translation>心電図ファイル形式: WFDB (.hea/.dat)、DICOM 12誘導波形、またはランダムな混在（既定: wfdb）</translation>
    </message>
    <message>
        <source>chest X-ray side in pixels (default: 512)</source>
        <translation>胸部X線の一辺のピクセル数（既定: 512）</translation>
    </message>
    <message>
        <source>share of PH cases (default: 0.35)</source>
        <translation>PH 症例の割合（既定: 0.35）</translation>
    </message>
    <message>
        <source>worker processes (default: 1)</source>
        <translation>ワーカープロセス数（既定: 1）</translation>
    </message>
    <message>
        <source>latent cases simulated to estimate the ceiling AUCs in cohort.json (default: 20000; 0 skips)</source>
        <translation>cohort.json の上限 AUC を推定するためにシミュレーションする潜在症例数（既定: 20000。0 で省略）</translation>
    </message>
    <message>
        <source>set a generator parameter (difficulty), e.g. --param ecg_effect=0.8; names: see cohort.json &apos;parameters&apos; (repeatable)</source>
        <translation>ジェネレーターのパラメーター（難易度）を設定する。例: --param ecg_effect=0.8。名前は cohort.json の &apos;parameters&apos; を参照（複数指定可）</translation>
    </message>
    <message>
        <source>generator version: v2 (default; calibrated to the literature, IDs unique per cohort) or v1 (the generator of bundles made before v2, reproduced byte for byte)</source>
        <translation>ジェネレーターのバージョン: v2（既定。文献に合わせて較正、ID はコホート内で一意）または v1（v2 以前のバンドルのジェネレーター、バイト単位で再現）</translation>
    </message>
    <message>
        <source>v2 only: &apos;balanced&apos; gives patients without PH the same prevalence of left heart failure and COPD as patients with PH (default: standard)</source>
        <translation>v2 のみ: &apos;balanced&apos; では PH のない患者にも PH 患者と同じ有病率で左心不全と COPD を与える（既定: standard）</translation>
    </message>
    <message>
        <source>write only latents.csv and cohort.json (no manifest, ECG, X-ray or mask files); fast, for checking the generator&apos;s figures on large samples</source>
        <translation>latents.csv と cohort.json のみを書き出す（マニフェスト、心電図、X線、マスクのファイルなし）。高速で、大きな標本でジェネレーターの数値を確認するため</translation>
    </message>
    <message>
        <source>overwrite a cohort already in OUT</source>
        <translation>OUT の既存コホートを上書きする</translation>
    </message>
    <message>
        <source>synth: case {done}/{n}  {rate:.1f} cases/s  ETA {minutes:d}:{seconds:02d}</source>
        <translation>合成：症例 {done}/{n}  {rate:.1f} 例/s  残り {minutes:d}:{seconds:02d}</translation>
    </message>
    <message>
        <source>wrote {path} (latents of {n} synthetic cases, {n_ph} with PH, generator {version}, {seconds} s)</source>
        <translation>{path} を書き出しました（合成症例 {n} 件の潜在変数、PH {n_ph} 件、ジェネレーター {version}、{seconds} 秒）</translation>
    </message>
    <message>
        <source>wrote {path} ({n} synthetic cases, {n_ph} with PH, generator {version}, {seconds} s)</source>
        <translation>{path} を書き出しました（合成症例 {n} 件、PH {n_ph} 件、ジェネレーター {version}、{seconds} 秒）</translation>
    </message>
    <message>
        <source>ceiling AUCs from the generator&apos;s latents: {aucs}</source>
        <translation>ジェネレーターの潜在変数による上限 AUC: {aucs}</translation>
    </message>
    <message>
        <source>train a model bundle from a manifest of labelled cases</source>
        <translation>ラベル付き症例のマニフェストからモデルバンドルを学習する</translation>
    </message>
    <message>
        <source>Train the ECG CNN, the CXR ResNet18 and the BNP regression, then the fusion network on out-of-fold sub-model outputs, calibrate and choose the operating threshold on the validation split, and write a complete, hash-verified bundle. Manifest columns: case_id, patient_id, site, split (train/val/test or empty = automatic, by patient), label (1 = PH), ecg_path, cxr_path, bnp, bnp_unit.</source>
        <translation>心電図 CNN、胸部X線 ResNet18、BNP 回帰を学習し、次にサブモデルの out-of-fold 出力で統合ネットワークを学習し、検証データで較正と判定閾値の選択を行い、ハッシュ検証付きの完全なバンドルを書き出します。マニフェストの列: case_id, patient_id, site, split（train/val/test、空欄は患者単位で自動）, label (1 = PH), ecg_path, cxr_path, bnp, bnp_unit。</translation>
    </message>
    <message>
        <source>training manifest CSV</source>
        <translation>学習用マニフェスト CSV</translation>
    </message>
    <message>
        <source>bundle folder to write</source>
        <translation>書き出すバンドルのフォルダー</translation>
    </message>
    <message>
        <source>cpu or cuda (default cpu)</source>
        <translation>cpu または cuda（既定 cpu）</translation>
    </message>
    <message>
        <source>epochs of the ECG and CXR networks (default 12)</source>
        <translation>心電図と胸部X線のネットワークのエポック数（既定 12）</translation>
    </message>
    <message>
        <source>epochs of the ECG network (overrides --epochs)</source>
        <translation>心電図ネットワークのエポック数（--epochs より優先）</translation>
    </message>
    <message>
        <source>epochs of the CXR network (overrides --epochs)</source>
        <translation>胸部X線ネットワークのエポック数（--epochs より優先）</translation>
    </message>
    <message>
        <source>CXR input size in pixels (default 224 as published; 512 allowed)</source>
        <translation>胸部X線の入力サイズ（ピクセル）（既定は論文どおり 224。512 も可）</translation>
    </message>
    <message>
        <source>folds for the out-of-fold fusion inputs</source>
        <translation>統合の out-of-fold 入力の分割数</translation>
    </message>
    <message>
        <source>mains frequency to notch (default none)</source>
        <translation>除去する電源周波数（既定なし）</translation>
    </message>
    <message>
        <source>processes that read and preprocess files</source>
        <translation>ファイルを読み込み前処理するプロセス数</translation>
    </message>
    <message>
        <source>preprocessing cache folder (default: BUNDLE.cache)</source>
        <translation>前処理キャッシュのフォルダー（既定: BUNDLE.cache）</translation>
    </message>
    <message>
        <source>bundle name (default: the --out folder name)</source>
        <translation>バンドル名（既定: --out のフォルダー名）</translation>
    </message>
    <message>
        <source>description of the training data for the model card</source>
        <translation>モデルカードに記載する学習データの説明</translation>
    </message>
    <message>
        <source>the training data are synthetic: the bundle is marked not for clinical use</source>
        <translation>学習データが合成データであることを示す: バンドルは臨床使用不可と表示されます</translation>
    </message>
    <message>
        <source>also evaluate on the test split into BUNDLE/evaluation</source>
        <translation>テストデータでも評価し BUNDLE/evaluation に書き出す</translation>
    </message>
    <message>
        <source>how this training was started, for the model card (for example the script and its settings); the exact command line is always appended</source>
        <translation>モデルカードに記載する学習の開始方法（例えばスクリプトとその設定）。実際のコマンドラインは常に追記されます</translation>
    </message>
    <message>
        <source>replace an existing bundle folder</source>
        <translation>既存のバンドルフォルダーを置き換える</translation>
    </message>
    <message>
        <source>refit a bundle&apos;s fusion, calibration, thresholds and training-data description (networks kept)</source>
        <translation>バンドルの統合、較正、閾値、学習データの説明を再適合する（ネットワークはそのまま）</translation>
    </message>
    <message>
        <source>Keeps the bundle&apos;s ECG, CXR and BNP models; fits the monotone fusion (and the logistic-regression fusion beside it) on out-of-sample logits, calibration and thresholds per set of inputs on the validation split, and the &apos;unlike the training data&apos; detectors on the training split. --manifest is the bundle&apos;s training manifest (same --seed, so the same patient-level splits). A bundle without stored out-of-fold logits (format 1) needs --fusion-manifest: labelled cases the networks never saw.</source>
        <translation>バンドルの心電図、胸部X線、BNP のモデルはそのまま保持し、単調統合（とその横のロジスティック回帰統合）をサンプル外ロジットで、入力の組み合わせごとの較正と閾値を検証データで、「学習データと異なる」検出器を学習データで適合します。--manifest はバンドルの学習用マニフェストです（同じ --seed で、患者単位の分割も同じになります）。out-of-fold ロジットを保存していないバンドル（形式 1）には --fusion-manifest が必要です: ネットワークが一度も見ていないラベル付き症例。</translation>
    </message>
    <message>
        <source>bundle folder whose networks are kept</source>
        <translation>ネットワークを保持するバンドルのフォルダー</translation>
    </message>
    <message>
        <source>the bundle&apos;s training manifest</source>
        <translation>バンドルの学習用マニフェスト</translation>
    </message>
    <message>
        <source>labelled cases never seen by the networks, to fit the fusion on</source>
        <translation>統合の適合に使う、ネットワークが見ていないラベル付き症例</translation>
    </message>
    <message>
        <source>new bundle folder</source>
        <translation>新しいバンドルのフォルダー</translation>
    </message>
    <message>
        <source>seed of the automatic split (as in training) and the fusion</source>
        <translation>自動分割（学習時と同じ）と統合のシード</translation>
    </message>
    <message>
        <source>new bundle name (default: the old one)</source>
        <translation>新しいバンドル名（既定: 元の名前）</translation>
    </message>
    <message>
        <source>new description of the training data for the model card</source>
        <translation>モデルカードに記載する学習データの新しい説明</translation>
    </message>
    <message>
        <source>evaluate a bundle on labelled cases: AUCs with 95%% CI, calibration, per-site breakdown</source>
        <translation>ラベル付き症例でバンドルを評価する: AUC と95%%信頼区間、較正、施設別の内訳</translation>
    </message>
    <message>
        <source>Writes metrics.json, predictions.csv, roc.png, calibration.png and report.md.</source>
        <translation>metrics.json、predictions.csv、roc.png、calibration.png、report.md を書き出します。</translation>
    </message>
    <message>
        <source>bundle folder (default: the demo bundle)</source>
        <translation>バンドルのフォルダー（既定: デモバンドル）</translation>
    </message>
    <message>
        <source>manifest CSV with labels</source>
        <translation>ラベル付きのマニフェスト CSV</translation>
    </message>
    <message>
        <source>which split of the manifest to evaluate (default: all rows)</source>
        <translation>評価するマニフェストの分割（既定: 全行）</translation>
    </message>
    <message>
        <source>preprocessing cache folder (default: DIR/.cache)</source>
        <translation>前処理キャッシュのフォルダー（既定: DIR/.cache）</translation>
    </message>
    <message>
        <source>seed of the automatic split (as in training)</source>
        <translation>自動分割のシード（学習時と同じ）</translation>
    </message>
    <message>
        <source>on a synthetic cohort with the generator&apos;s masks: measure the app&apos;s explanations (CXR map localisation, ECG lead ranks) on up to N PH cases (default 100; 0: skip)</source>
        <translation>ジェネレーターのマスクのある合成コホートで: アプリの説明（胸部X線マップの局在、心電図の誘導順位）を最大 N 件の PH 症例で測定する（既定 100。0: 省略）</translation>
    </message>
    <message>
        <source>replace an earlier evaluation in DIR</source>
        <translation>DIR の以前の評価を置き換える</translation>
    </message>
    <message>
        <source>also score rows whose files fitted the bundle (in-sample; refused by default)</source>
        <translation>バンドルの適合に使われたファイルの行もスコア化する（サンプル内。既定では拒否）</translation>
    </message>
    <message>
        <source>reading files</source>
        <translation>ファイル読み込み中</translation>
    </message>
    <message>
        <source>left out: {reason}</source>
        <translation>除外: {reason}</translation>
    </message>
    <message>
        <source>left out: ... and {n} more</source>
        <translation>除外: ... ほかに {n} 件</translation>
    </message>
    <message>
        <source>training on {n_train} cases ({ph_train} PH), validating on {n_val} ({ph_val} PH); device {device}; files read in {seconds} s</source>
        <translation>{n_train} 件（PH {ph_train} 件）で学習、{n_val} 件（PH {ph_val} 件）で検証。デバイス {device}。ファイル読み込み {seconds} 秒</translation>
    </message>
    <message>
        <source>training</source>
        <translation>学習中</translation>
    </message>
    <message>
        <source>trained with DistributedDataParallel on {n} processes</source>
        <translation>DistributedDataParallel で {n} プロセスにより学習しました</translation>
    </message>
    <message>
        <source>wrote bundle {path} ({bundle_id}) in {seconds} s of training</source>
        <translation>バンドル {path} ({bundle_id}) を書き出しました（学習 {seconds} 秒）</translation>
    </message>
    <message>
        <source>; resumed {n} nets from checkpoints</source>
        <translation>。{n} 個のネットワークをチェックポイントから再開</translation>
    </message>
    <message>
        <source>{data} AUC {model} {auc}, n={n}</source>
        <translation>{data} AUC {model} {auc}、n={n}</translation>
    </message>
    <message>
        <source>warning: {text}</source>
        <translation>警告: {text}</translation>
    </message>
    <message>
        <source>the {n} cases of the manifest&apos;s test split (patients not in training or validation)</source>
        <translation>マニフェストのテスト分割の {n} 例（学習・検証に含まれない患者）</translation>
    </message>
    <message>
        <source>wrote bundle {path} ({bundle_id}); networks kept from {source_id}</source>
        <translation>バンドル {path} ({bundle_id}) を書き出しました。ネットワークは {source_id} から保持</translation>
    </message>
    <message>
        <source>fusion: network minus logistic regression AUC {difference:+.4f} (95% CI {low:+.4f} to {high:+.4f}); shipped: {shipped}</source>
        <translation>統合モデル：ネットワーク − ロジスティック回帰の AUC {difference:+.4f}（95%CI {low:+.4f}～{high:+.4f}）。採用：{shipped}</translation>
    </message>
    <message>
        <source>{k}/{n} files</source>
        <translation>{k}/{n} ファイル</translation>
    </message>
    <message>
        <source>{auc:.3f} (CI undefined)</source>
        <translation>{auc:.3f}（CI 算出不能）</translation>
    </message>
    <message>
        <source>measuring explanations</source>
        <translation>説明マップを測定中</translation>
    </message>
    <message>
        <source>{k}/{n} PH cases</source>
        <translation>{k}/{n} PH 例</translation>
    </message>
    <message>
        <source>scored: {what}</source>
        <translation>スコア化: {what}</translation>
    </message>
    <message>
        <source>  (generator ceiling on these cases {auc:.3f})</source>
        <translation> （これらの症例での生成器の上限 {auc:.3f}）</translation>
    </message>
    <message>
        <source>AUC {model} {auc}, n={n}{ceiling}</source>
        <translation>AUC {model} {auc}、n={n}{ceiling}</translation>
    </message>
    <message>
        <source>paired {comparison} {difference:+.3f} (95% CI {low:+.3f} to {high:+.3f})</source>
        <translation>対応比較 {comparison} {difference:+.3f}（95%CI {low:+.3f}～{high:+.3f}）</translation>
    </message>
    <message>
        <source>unlike the training data: {model} {k}/{n} flagged</source>
        <translation>学習データと異なる: {model} {k}/{n} 件を検出</translation>
    </message>
    <message>
        <source>CXR map on PA+hilar+right heart ({n} PH cases): mass {mass:.3f} vs mean map {mean_mass:.3f} (margin {margin:+.3f}), hit {hit:.2f} vs {mean_hit:.2f}</source>
        <translation>肺動脈＋肺門＋右心への胸部X線マップ（PH {n} 例）：集中度 {mass:.3f}（平均マップ {mean_mass:.3f}、差 {margin:+.3f}）、的中率 {hit:.2f}（平均マップ {mean_hit:.2f}）</translation>
    </message>
    <message>
        <source>CXR map on the structures with a pronounced finding: {margin:+.0%} mass vs the mean map (95% CI {low:+.0%} to {high:+.0%}, {n} cases)</source>
        <translation>顕著な所見のある構造への胸部X線マップ：平均マップとの集中度の差 {margin:+.0%}（95%CI {low:+.0%}～{high:+.0%}、{n} 例）</translation>
    </message>
    <message>
        <source>ECG first lead in {{{leads}}}: {top1:.2f} (chance {chance:.2f})</source>
        <translation>心電図で最上位の誘導が {{{leads}}} に入る割合：{top1:.2f}（偶然 {chance:.2f}）</translation>
    </message>
    <message>
        <source>all rows</source>
        <translation>全行</translation>
    </message>
    <message>
        <source>the rows of split {split!r}</source>
        <translation>分割 {split!r} の行</translation>
    </message>
    <message>
        <source>{n} of the manifest&apos;s cases ({which}, split seed {seed})</source>
        <translation>マニフェストの {n} 例（{which}、分割シード {seed}）</translation>
    </message>
    <message>
        <source>; {n} rows left out because their ECG or radiograph file fitted this bundle (in-sample)</source>
        <translation>。このバンドルのフィットに使われた心電図または胸部X線ファイルの {n} 行を除外（サンプル内）</translation>
    </message>
    <message>
        <source>; INCLUDING {n} rows that fitted this bundle (in-sample, optimistic)</source>
        <translation>。このバンドルのフィットに使われた {n} 行を含みます（サンプル内、楽観的な推定）</translation>
    </message>
    <message>
        <source>; this bundle records no fitting cases, so in-sample rows cannot be detected</source>
        <translation>。このバンドルはフィットに使った症例を記録していないため、サンプル内の行を検出できません</translation>
    </message>
    <message>
        <source>; none of them fitted this bundle</source>
        <translation>。いずれもこのバンドルのフィットには使われていません</translation>
    </message>
    <message>
        <source>; {n} rows or files could not be used</source>
        <translation>。{n} 件の行またはファイルを使用できませんでした</translation>
    </message>
    <message>
        <source>its thresholds and calibration cannot be trusted</source>
        <translation>その閾値と較正は信頼できません</translation>
    </message>
    <message>
        <source>validation set has {short}: {consequence}</source>
        <translation>検証データセット：{short}。{consequence}</translation>
    </message>
    <message>
        <source>its performance estimates (AUC, sensitivity, specificity, calibration) are too imprecise to rely on</source>
        <translation>その性能推定値（AUC、感度、特異度、較正）は精度が低すぎて信頼できません</translation>
    </message>
    <message>
        <source>test set has {short}: {consequence}</source>
        <translation>テストデータセット：{short}。{consequence}</translation>
    </message>
    <message>
        <source>{n} PH case (fewer than {minimum})</source>
        <translation>PH 例 {n} 例（{minimum} 例未満）</translation>
    </message>
    <message>
        <source>{n} PH cases (fewer than {minimum})</source>
        <translation>PH 例 {n} 例（{minimum} 例未満）</translation>
    </message>
    <message>
        <source>{n} case without PH (fewer than {minimum})</source>
        <translation>非 PH 例 {n} 例（{minimum} 例未満）</translation>
    </message>
    <message>
        <source>{n} cases without PH (fewer than {minimum})</source>
        <translation>非 PH 例 {n} 例（{minimum} 例未満）</translation>
    </message>
    <message>
        <source>{first} and {second}</source>
        <translation>{first}、{second}</translation>
    </message>
    <message>
        <source>screenshot written to {path} without scores: {problem}</source>
        <translation>スクリーンショットを {path} に保存しました（スコアなし）: {problem}</translation>
    </message>
    <message>
        <source>screenshot written to {path} without a result: {problem}</source>
        <translation>スクリーンショットを {path} に保存しました（結果なし）: {problem}</translation>
    </message>
    <message>
        <source>the result</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>起動中</translation>
    </message>
    <message>
        <source>screenshot written to {path}, but: {problem}</source>
        <translation>スクリーンショットを {path} に保存しましたが、問題があります: {problem}</translation>
    </message>
    <message>
        <source>the case</source>
        <translation>症例</translation>
    </message>
</context>
<context>
    <name>cxr</name>
    <message>
        <source>file holds {n} frames; the first is used</source>
        <translation>ファイルに {n} フレームあり。最初のフレームを使用</translation>
    </message>
    <message>
        <source>rotated upright by its EXIF orientation ({orientation})</source>
        <translation>EXIF の向き情報 ({orientation}) で正立に回転</translation>
    </message>
    <message>
        <source>colour image ({mode}) converted to grey (ITU-R 601 luma)</source>
        <translation>カラー画像 ({mode}) をグレーに変換（ITU-R 601 輝度）</translation>
    </message>
    <message>
        <source>{mode} image: alpha channel ignored</source>
        <translation>{mode} 画像: アルファチャンネルは無視</translation>
    </message>
    <message>
        <source>{mode} image with equal channels used as grey</source>
        <translation>{mode} 画像: 全チャンネルが等しいためグレーとして使用</translation>
    </message>
    <message>
        <source>a &apos;for processing&apos; image: raw detector data, not processed for display</source>
        <translation>「for processing」画像: 表示用に処理されていない検出器の生データ</translation>
    </message>
    <message>
        <source>secondary capture (Modality {modality}): spacing and windows may not describe the original radiograph</source>
        <translation>セカンダリキャプチャ (Modality {modality}): ピクセル間隔とウィンドウが元の胸部X線を表していない可能性があります</translation>
    </message>
    <message>
        <source>image without a radiograph modality (Modality {modality}): spacing and windows may not describe the original radiograph</source>
        <translation>胸部X線のモダリティでない画像 (Modality {modality}): ピクセル間隔とウィンドウが元の胸部X線を表していない可能性があります</translation>
    </message>
    <message>
        <source>absent</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Rescale Slope or Intercept cannot be read; ignored</source>
        <translation>Rescale Slope または Intercept を読めないため無視</translation>
    </message>
    <message>
        <source>unknown VOI LUT Function {function}; LINEAR used</source>
        <translation>不明な VOI LUT Function {function}。LINEAR を使用</translation>
    </message>
    <message>
        <source>window {center}/{width} is invalid and ignored</source>
        <translation>ウィンドウ {center}/{width} は不正なため無視</translation>
    </message>
    <message>
        <source>VOI LUT cannot be applied ({reason}); ignored</source>
        <translation>VOI LUT を適用できないため無視 ({reason})</translation>
    </message>
    <message>
        <source>the file&apos;s {voi} leaves the image blank; the data range is used</source>
        <translation>ファイルの {voi} では画像が空白になるため、データ範囲を使用</translation>
    </message>
    <message>
        <source>{keyword} {values} is not a valid spacing; ignored</source>
        <translation>{keyword} {values} は有効なピクセル間隔でないため無視</translation>
    </message>
    <message>
        <source>Pixel Spacing equals Imager Pixel Spacing without a calibration type: taken as spacing at the detector</source>
        <translation>Pixel Spacing が Imager Pixel Spacing と等しく較正タイプがないため、検出器面での間隔とみなしました</translation>
    </message>
    <message>
        <source>Estimated Radiographic Magnification Factor {factor} is implausible; ignored</source>
        <translation>Estimated Radiographic Magnification Factor {factor} は妥当でないため無視</translation>
    </message>
    <message>
        <source>Patient Orientation {values} is not valid; no orientation shown</source>
        <translation>Patient Orientation {values} は不正なため、向きを表示しません</translation>
    </message>
    <message>
        <source>Image Laterality {value} is not R, L, U or B; ignored</source>
        <translation>Image Laterality {value} は R、L、U、B のいずれでもないため無視</translation>
    </message>
</context>
<context>
    <name>cxr_tools</name>
    <message>
        <source>anterior</source>
        <translation>前</translation>
    </message>
    <message>
        <source>posterior</source>
        <translation>後</translation>
    </message>
    <message>
        <source>patient&apos;s right</source>
        <translation>患者の右</translation>
    </message>
    <message>
        <source>patient&apos;s left</source>
        <translation>患者の左</translation>
    </message>
    <message>
        <source>head</source>
        <translation>頭側</translation>
    </message>
    <message>
        <source>feet</source>
        <translation>足側</translation>
    </message>
    <message>
        <source>image left = {direction}</source>
        <translation>画像の左 = {direction}</translation>
    </message>
    <message>
        <source>image right = {direction}</source>
        <translation>画像の右 = {direction}</translation>
    </message>
    <message>
        <source>image top = {direction}</source>
        <translation>画像の上 = {direction}</translation>
    </message>
    <message>
        <source>image bottom = {direction}</source>
        <translation>画像の下 = {direction}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>cardiac {cardiac} mm / thoracic {thoracic} mm</source>
        <translation>心横径 {cardiac} mm / 胸郭径 {thoracic} mm</translation>
    </message>
    <message>
        <source>cardiac {cardiac} px / thoracic {thoracic} px</source>
        <translation>心横径 {cardiac} px / 胸郭径 {thoracic} px</translation>
    </message>
    <message>
        <source>widths in pixels, not mm ({spacing})</source>
        <translation>幅はピクセル単位で mm ではありません ({spacing})</translation>
    </message>
    <message>
        <source>the cardiac width exceeds the thoracic width: check which line is which</source>
        <translation>心横径が胸郭径を超えています: どちらの線がどちらか確認してください</translation>
    </message>
    <message>
        <source>AP film: the heart is magnified; the ratio&apos;s PA reference values do not apply</source>
        <translation>AP 像: 心陰影が拡大されるため、PA 像の基準値は当てはまりません</translation>
    </message>
    <message>
        <source>lateral film: the cardiothoracic ratio is measured on a PA film</source>
        <translation>側面像: 心胸郭比は PA 像で計測します</translation>
    </message>
    <message>
        <source>identifier</source>
        <translation>識別情報</translation>
    </message>
    <message>
        <source>free text</source>
        <translation>自由記述</translation>
    </message>
    <message>
        <source>private</source>
        <translation>プライベート</translation>
    </message>
    <message>
        <source>free text: may identify the patient</source>
        <translation>自由記述：患者を特定しうる</translation>
    </message>
    <message>
        <source>private element</source>
        <translation>プライベート要素</translation>
    </message>
    <message>
        <source>withheld ({kind}; {n} item(s))</source>
        <translation>非表示（{kind}、{n} 項目）</translation>
    </message>
    <message>
        <source>{n} item(s)</source>
        <translation>{n} 項目</translation>
    </message>
    <message>
        <source>Item {i}</source>
        <translation>項目 {i}</translation>
    </message>
    <message>
        <source>withheld ({what})</source>
        <translation>非表示（{what}）</translation>
    </message>
</context>
<context>
    <name>cxr_view</name>
    <message>
        <source>No chest X-ray loaded</source>
        <translation>胸部X線が読み込まれていません</translation>
    </message>
    <message>
        <source>Grad-CAM: no region raised this score</source>
        <translation>Grad-CAM: このスコアを上げた領域はありません</translation>
    </message>
    <message>
        <source>no pixel spacing: sizes in pixels only</source>
        <translation>ピクセル間隔なし: 大きさはピクセル単位のみ</translation>
    </message>
    <message>
        <source>mm at the patient (Pixel Spacing, calibrated)</source>
        <translation>患者位置での mm（Pixel Spacing、較正済み）</translation>
    </message>
    <message>
        <source>mm at the detector (Imager Pixel Spacing), not corrected for magnification</source>
        <translation>検出器面での mm (Imager Pixel Spacing)、拡大率補正なし</translation>
    </message>
    <message>
        <source>mm at the patient, estimated: Imager Pixel Spacing / magnification factor {factor}</source>
        <translation>患者位置での mm（推定）: Imager Pixel Spacing / 拡大率 {factor}</translation>
    </message>
    <message>
        <source>Window {n}</source>
        <translation>ウィンドウ {n}</translation>
    </message>
    <message>
        <source>cardiac</source>
        <translation>心横径</translation>
    </message>
    <message>
        <source>thoracic</source>
        <translation>胸郭径</translation>
    </message>
    <message>
        <source>Lung</source>
        <translation>肺野</translation>
    </message>
    <message>
        <source>Mediastinum</source>
        <translation>縦隔</translation>
    </message>
    <message>
        <source>Full range</source>
        <translation>全範囲</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>拡大</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>縮小</translation>
    </message>
    <message>
        <source>Fit the image to the window</source>
        <translation>画像をウィンドウに合わせる</translation>
    </message>
    <message>
        <source>1:1 (one image pixel per screen pixel)</source>
        <translation>等倍（画像1ピクセル = 画面1ピクセル）</translation>
    </message>
    <message>
        <source>Reset the window to the file&apos;s default</source>
        <translation>ウィンドウ条件をファイルの既定値に戻す</translation>
    </message>
    <message>
        <source>Invert the grey scale</source>
        <translation>グレースケールを反転</translation>
    </message>
    <message>
        <source>Lung window</source>
        <translation>肺野条件</translation>
    </message>
    <message>
        <source>Mediastinum window</source>
        <translation>縦隔条件</translation>
    </message>
    <message>
        <source>The file&apos;s own window (again: its next one)</source>
        <translation>ファイル内のウィンドウ条件（再度押すと次の条件）</translation>
    </message>
    <message>
        <source>Cardiothoracic ratio tool (drag two widths)</source>
        <translation>心胸郭比ツール（2つの幅をドラッグ）</translation>
    </message>
    <message>
        <source>Overlay as outline (contour lines) or filled heat map</source>
        <translation>オーバーレイを輪郭（等高線）または塗りつぶしのヒートマップで表示</translation>
    </message>
    <message>
        <source>Clear the ruler and the cardiothoracic ratio</source>
        <translation>計測と心胸郭比を消去</translation>
    </message>
    <message>
        <source>The DICOM header (identifiers never shown)</source>
        <translation>DICOM ヘッダー（識別情報は表示しません）</translation>
    </message>
    <message>
        <source>file VOI: {voi}</source>
        <translation>ファイルの VOI: {voi}</translation>
    </message>
    <message>
        <source>{mm} mm (est. at patient)</source>
        <translation>{mm} mm（患者位置での推定値）</translation>
    </message>
    <message>
        <source>{pixels} px · {mm} mm at the detector</source>
        <translation>{pixels} px · 検出器面で {mm} mm</translation>
    </message>
</context>
<context>
    <name>display_filters</name>
    <message>
        <source>{hz:g} Hz high-pass</source>
        <translation>{hz:g} Hz ハイパス</translation>
    </message>
    <message>
        <source>{hz:g} Hz low-pass</source>
        <translation>{hz:g} Hz ローパス</translation>
    </message>
    <message>
        <source>unfiltered</source>
        <translation>フィルターなし</translation>
    </message>
    <message>
        <source>{hz:d} Hz notch</source>
        <translation>{hz:d} Hz ノッチ</translation>
    </message>
</context>
<context>
    <name>ecg_measure</name>
    <message>
        <source>no P wave with a clear onset (the atrial deflection runs into the start of the search window, {ms} ms before the QRS)</source>
        <translation>立ち上がりの明瞭な P 波なし（心房の振れが探索区間の始まり、QRS の {ms} ms 前まで続く）</translation>
    </message>
    <message>
        <source>no consistent P wave (beats correlate {r:.2f} with the median in the P window; {need:.2f} needed)</source>
        <translation>一貫した P 波なし（P 波区間で各心拍と中央値心拍の相関 {r:.2f}。{need:.2f} が必要）</translation>
    </message>
    <message>
        <source>no P wave found (largest atrial deflection {amp:.3f} mV, beat-to-beat noise {noise:.3f} mV)</source>
        <translation>P 波を検出できません（最大の心房波振幅 {amp:.3f} mV、心拍間ノイズ {noise:.3f} mV）</translation>
    </message>
    <message>
        <source>no room for a P wave before the QRS</source>
        <translation>QRS の前に P 波の入る区間がありません</translation>
    </message>
    <message>
        <source>V1, or both I and V6, not usable</source>
        <translation>V1、または I と V6 の両方が使用できません</translation>
    </message>
    <message>
        <source>terminal 40 ms mean: {values}</source>
        <translation>QRS 終末 40 ms の平均: {values}</translation>
    </message>
    <message>
        <source>T end not found</source>
        <translation>T 波終末を検出できません</translation>
    </message>
    <message>
        <source>; irregular RR: atrial fibrillation suspected</source>
        <translation>。RR 不整: 心房細動の疑い</translation>
    </message>
    <message>
        <source>lead I or II not usable, or no net {wave} area</source>
        <translation>I 誘導または II 誘導が使用できないか、{wave} の正味面積がありません</translation>
    </message>
    <message>
        <source>lead I or II not usable</source>
        <translation>I 誘導または II 誘導が使用できません</translation>
    </message>
    <message>
        <source>V1 not usable</source>
        <translation>V1 が使用できません</translation>
    </message>
    <message>
        <source>no S wave in V1</source>
        <translation>V1 に S 波なし</translation>
    </message>
    <message>
        <source>lead II not usable</source>
        <translation>II 誘導が使用できません</translation>
    </message>
    <message>
        <source>no P wave</source>
        <translation>P 波なし</translation>
    </message>
    <message>
        <source>V1-V3 not all usable, or T end not found</source>
        <translation>V1〜V3 のいずれかが使用できないか、T 波終末を検出できません</translation>
    </message>
    <message>
        <source>T in V1/V2/V3: {values} mV</source>
        <translation>V1/V2/V3 の T 波: {values} mV</translation>
    </message>
    <message>
        <source>measurements: not measurable ({problem})</source>
        <translation>計測値: 計測不能 ({problem})</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>measurements: HR {hr} bpm, PR {pr}, QRS {qrs}, QT {qt}, QTcB {qtcb} ms, QRS axis {axis} deg; PH criteria met: {met}</source>
        <translation>計測値: 心拍数 {hr} bpm、PR {pr}、QRS {qrs}、QT {qt}、QTcB {qtcb} ms、QRS 軸 {axis}°; 該当する PH の心電図基準: {met}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source> (device values also in the file)</source>
        <translation>（装置の計測値もファイルにあり）</translation>
    </message>
</context>
<context>
    <name>ecg_view</name>
    <message>
        <source>Zoom in (the page scrolls)</source>
        <translation>拡大（ページはスクロール）</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>縮小</translation>
    </message>
    <message>
        <source>Fit the page to the window</source>
        <translation>ページをウィンドウに合わせる</translation>
    </message>
    <message>
        <source>Enlarge a lead (lead II first)</source>
        <translation>誘導を拡大（最初は II 誘導）</translation>
    </message>
    <message>
        <source>Calipers by keyboard: place them on the rhythm strip; again: switch the end the arrow keys move</source>
        <translation>キーボードでキャリパー: リズムストリップに配置。もう一度押すと矢印キーで動かす端を切替</translation>
    </message>
    <message>
        <source>Window 1 s earlier (records longer than 10 s)</source>
        <translation>表示範囲を 1 秒前へ（10 秒を超える記録）</translation>
    </message>
    <message>
        <source>Window 1 s later</source>
        <translation>表示範囲を 1 秒後へ</translation>
    </message>
    <message>
        <source>With calipers: move the active end 10 ms (Shift: 200 ms)</source>
        <translation>キャリパー使用時: 選択中の端を 10 ms 移動 (Shift: 200 ms)</translation>
    </message>
    <message>
        <source>With calipers: move them to the previous lead</source>
        <translation>キャリパー使用時: 前の誘導へ移動</translation>
    </message>
    <message>
        <source>With calipers: move them to the next lead</source>
        <translation>キャリパー使用時: 次の誘導へ移動</translation>
    </message>
    <message>
        <source>Window 10 s earlier</source>
        <translation>表示範囲を 10 秒前へ</translation>
    </message>
    <message>
        <source>Window 10 s later</source>
        <translation>表示範囲を 10 秒後へ</translation>
    </message>
    <message>
        <source>Clear the calipers</source>
        <translation>キャリパーを消去</translation>
    </message>
    <message>
        <source>Next lead</source>
        <translation>次の誘導</translation>
    </message>
    <message>
        <source>Previous lead</source>
        <translation>前の誘導</translation>
    </message>
    <message>
        <source>Close the enlarged lead</source>
        <translation>拡大誘導を閉じる</translation>
    </message>
    <message>
        <source>missing: the file holds no samples for this lead</source>
        <translation>欠落: ファイルにこの誘導のサンプルがありません</translation>
    </message>
    <message>
        <source>flat: under {mv:g} mV peak-to-peak (electrode off?)</source>
        <translation>平坦: ピーク間 {mv:g} mV 未満（電極外れ?）</translation>
    </message>
    <message>
        <source>saturated: the signal is clipped at the amplifier&apos;s limit</source>
        <translation>飽和: 信号が増幅器の限界で切れています</translation>
    </message>
    <message>
        <source>out of range: values beyond ±{mv:g} mV</source>
        <translation>範囲外: ±{mv:g} mV を超える値</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>nothing to assess: give an ECG, a chest X-ray or a BNP value</source>
        <translation>評価する入力がありません：心電図、胸部X線または BNP 値を指定してください</translation>
    </message>
    <message>
        <source>{note}, and nothing else was given to assess</source>
        <translation>{note}。ほかに評価する入力がありません</translation>
    </message>
    <message>
        <source>case_id is empty</source>
        <translation>case_id が空です</translation>
    </message>
    <message>
        <source>case_id is {n} characters long; at most {limit} are allowed</source>
        <translation>case_id が {n} 文字あります。使用できるのは最大 {limit} 文字です</translation>
    </message>
    <message>
        <source>a leading dot</source>
        <translation>先頭のドット</translation>
    </message>
    <message>
        <source>case_id {case_id!r} contains {shown}; allowed are letters, digits, spaces and _ - . + @ = # : ( )</source>
        <translation>case_id {case_id!r} に {shown} が含まれています。使用できるのは文字、数字、空白と _ - . + @ = # : ( ) です</translation>
    </message>
    <message>
        <source>{what}: {problem}</source>
        <translation>{what}：{problem}</translation>
    </message>
    <message>
        <source>{what}: not enough memory to read this file</source>
        <translation>{what}：このファイルを読み込むにはメモリーが足りません</translation>
    </message>
    <message>
        <source>ECG file</source>
        <translation>心電図ファイル</translation>
    </message>
    <message>
        <source>chest X-ray file</source>
        <translation>胸部X線ファイル</translation>
    </message>
    <message>
        <source>BNP FHIR file</source>
        <translation>BNP の FHIR ファイル</translation>
    </message>
    <message>
        <source>both a typed BNP value and a FHIR file were given; use one</source>
        <translation>入力した BNP 値と FHIR ファイルの両方が指定されています。どちらか一方を使用してください</translation>
    </message>
    <message>
        <source>is not a folder</source>
        <translation>フォルダーではありません</translation>
    </message>
    <message>
        <source>cannot be listed ({reason})</source>
        <translation>内容を一覧できません（{reason}）</translation>
    </message>
    <message>
        <source>ECG</source>
        <translation>心電図</translation>
    </message>
    <message>
        <source>chest X-ray</source>
        <translation>胸部X線</translation>
    </message>
    <message>
        <source>holds {n} {what} files ({names}); open the case&apos;s files one by one</source>
        <translation>{what}ファイルが {n} 個あります（{names}）。症例のファイルを 1 つずつ開いてください</translation>
    </message>
    <message>
        <source>holds no ECG or chest X-ray file PH-Assist reads</source>
        <translation>PH-Assist が読み込める心電図や胸部X線のファイルがありません</translation>
    </message>
    <message>
        <source>ph-assist: interrupted</source>
        <translation>ph-assist: 中断されました</translation>
    </message>
    <message>
        <source>ph-assist: internal error ({error}); rerun with --debug and report it</source>
        <translation>ph-assist: 内部エラー（{error}）。--debug を付けて再実行し、報告してください</translation>
    </message>
    <message>
        <source>file name too long</source>
        <translation>ファイル名が長すぎます</translation>
    </message>
    <message>
        <source>no space left on the device</source>
        <translation>デバイスの空き容量がありません</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>アクセス権がありません</translation>
    </message>
    <message>
        <source>operation not permitted</source>
        <translation>この操作は許可されていません</translation>
    </message>
    <message>
        <source>read-only file system</source>
        <translation>読み取り専用のファイルシステムです</translation>
    </message>
    <message>
        <source>no such file or folder</source>
        <translation>そのようなファイルまたはフォルダーはありません</translation>
    </message>
    <message>
        <source>a part of the path is not a folder</source>
        <translation>パスの一部がフォルダーではありません</translation>
    </message>
    <message>
        <source>is a folder, not a file</source>
        <translation>ファイルではなくフォルダーです</translation>
    </message>
    <message>
        <source>already exists</source>
        <translation>既に存在します</translation>
    </message>
    <message>
        <source>disk quota exceeded</source>
        <translation>ディスク容量の制限（クォータ）を超えました</translation>
    </message>
    <message>
        <source>invalid argument (not a usable file name or target here)</source>
        <translation>無効な引数です（ここでは使用できないファイル名または出力先です）</translation>
    </message>
    <message>
        <source>too many levels of symbolic links</source>
        <translation>シンボリックリンクの階層が深すぎます</translation>
    </message>
    <message>
        <source>an input file is nested too deeply to be read (e.g. JSON nested thousands of levels)</source>
        <translation>入力ファイルの入れ子が深すぎて読み込めません（例：数千階層の入れ子になった JSON）</translation>
    </message>
    <message>
        <source>output cannot be written in this terminal&apos;s encoding ({encoding}); set PYTHONIOENCODING=utf-8 or rename the file</source>
        <translation>このターミナルの文字コード（{encoding}）では出力を書き込めません。PYTHONIOENCODING=utf-8 を設定するか、ファイル名を変更してください</translation>
    </message>
    <message>
        <source>text is not in the expected encoding ({error})</source>
        <translation>テキストが想定した文字コードではありません（{error}）</translation>
    </message>
    <message>
        <source>malformed CSV ({error})</source>
        <translation>CSV の形式が不正です（{error}）</translation>
    </message>
    <message>
        <source>not enough memory for this input; it is larger than anything PH-Assist reads</source>
        <translation>この入力にはメモリが足りません。PH-Assist が読み込むどの入力よりも大きすぎます</translation>
    </message>
    <message>
        <source>--demo assesses the demo case&apos;s ECG and radiograph; do not combine it with --ecg/--cxr (--bnp replaces its BNP value)</source>
        <translation>--demo はデモ症例の心電図と胸部X線を評価します。--ecg/--cxr と併用しないでください（--bnp はその BNP 値を置き換えます）</translation>
    </message>
    <message>
        <source>nothing to assess: give --ecg, --cxr and/or --bnp or --fhir (or --demo)</source>
        <translation>評価する入力がありません：--ecg、--cxr、--bnp、--fhir のいずれか（または --demo）を指定してください</translation>
    </message>
    <message>
        <source>already exists; choose another name or pass --force</source>
        <translation>既に存在します。別の名前を選ぶか --force を指定してください</translation>
    </message>
    <message>
        <source>already exists; choose another file</source>
        <translation>既に存在します。別のファイルを選んでください</translation>
    </message>
    <message>
        <source>cannot sign: {error}</source>
        <translation>署名できません：{error}</translation>
    </message>
    <message>
        <source>demo ECG (pydicom&apos;s waveform_ecg.dcm) is not installed</source>
        <translation>デモ心電図（pydicom の waveform_ecg.dcm）がインストールされていません</translation>
    </message>
    <message>
        <source>give either a PATH or --demo, not both</source>
        <translation>PATH か --demo のどちらか一方を指定してください（両方は不可）</translation>
    </message>
    <message>
        <source>inspect needs a PATH (or --demo)</source>
        <translation>inspect には PATH（または --demo）が必要です</translation>
    </message>
    <message>
        <source>an ECG converts to .csv or WFDB (.hea); not to {target}</source>
        <translation>心電図は .csv または WFDB (.hea) にのみ変換できます。{target} には変換できません</translation>
    </message>
    <message>
        <source>this</source>
        <translation>この形式</translation>
    </message>
    <message>
        <source>a chest X-ray converts to a 16-bit .png only</source>
        <translation>胸部X線は 16 ビット .png にのみ変換できます</translation>
    </message>
    <message>
        <source>name one PACS: a configured connection, --dimse AET@HOST:PORT or --url URL (not several)</source>
        <translation>PACS を 1 つ指定してください：設定済みの接続、--dimse AET@HOST:PORT または --url URL（複数は不可）</translation>
    </message>
    <message>
        <source>name one PACS: a configured connection, --dimse AET@HOST:PORT or --url URL</source>
        <translation>PACS を 1 つ指定してください：設定済みの接続、--dimse AET@HOST:PORT または --url URL</translation>
    </message>
    <message>
        <source>must be from 0.1 to 600 seconds</source>
        <translation>0.1〜600 秒の範囲で指定してください</translation>
    </message>
    <message>
        <source>must be a port from 1 to 65535</source>
        <translation>1〜65535 のポート番号を指定してください</translation>
    </message>
    <message>
        <source>--aet and --move-port go with --dimse; a named connection sets them in pacs.toml</source>
        <translation>--aet と --move-port は --dimse と組み合わせて指定します。接続名を使う場合は pacs.toml で設定します</translation>
    </message>
    <message>
        <source>nothing on standard input</source>
        <translation>標準入力に何もありません</translation>
    </message>
    <message>
        <source>must be at least 1</source>
        <translation>1 以上を指定してください</translation>
    </message>
    <message>
        <source>{n} inst</source>
        <translation>{n} インスタンス</translation>
    </message>
    <message>
        <source>{date}  {modality:&lt;4} {count:&gt;8}  study {study_uid}  series {series_uid}{text}</source>
        <translation>{date}  {modality:&lt;4} {count:&gt;8}  検査 {study_uid}  シリーズ {series_uid}{text}</translation>
    </message>
    <message>
        <source>{n} series</source>
        <translation>{n} シリーズ</translation>
    </message>
    <message>
        <source>say which studies: --study UID, or query keys (--patient-id, --accession, --from/--to)</source>
        <translation>取得する検査を指定してください：--study UID、または検索キー（--patient-id, --accession, --from/--to）</translation>
    </message>
    <message>
        <source>no study matches the query keys</source>
        <translation>検索キーに一致する検査がありません</translation>
    </message>
    <message>
        <source>the query finds {n} studies, more than {max_studies}; narrow it (--from/--to, --modality) or raise --max-studies</source>
        <translation>検索で {n} 件の検査が見つかり、上限の {max_studies} 件を超えています。検索を絞り込むか（--from/--to, --modality）、--max-studies を増やしてください</translation>
    </message>
    <message>
        <source>name the DICOM files to store (after the connection)</source>
        <translation>保存する DICOM ファイルを指定してください（接続名の後に）</translation>
    </message>
    <message>
        <source>not a DICOM file PH-Assist can send ({reason})</source>
        <translation>PH-Assist が送信できる DICOM ファイルではありません（{reason}）</translation>
    </message>
    <message>
        <source>has no SOP Instance UID or file meta information; not a storable instance</source>
        <translation>SOP Instance UID またはファイルメタ情報がありません。保存可能なインスタンスではありません</translation>
    </message>
    <message>
        <source>cannot read the instructions ({error_type})</source>
        <translation>読影者への説明を読み込めません（{error_type}）</translation>
    </message>
    <message>
        <source>--readers lists no reader ID</source>
        <translation>--readers に読影者IDがありません</translation>
    </message>
    <message>
        <source>give either a STUDY_DIR or --long-csv FILE, not both</source>
        <translation>STUDY_DIR と --long-csv FILE のどちらか一方を指定してください（両方は指定できません）</translation>
    </message>
    <message>
        <source>--decision-threshold applies to --long-csv data only (a study records decisions)</source>
        <translation>--decision-threshold は --long-csv のデータにのみ使えます（読影試験では判定が記録されています）</translation>
    </message>
    <message>
        <source>--key applies to a STUDY_DIR, not to --long-csv data (which holds its truth)</source>
        <translation>--key は STUDY_DIR に使います。--long-csv のデータには使えません（正解を含んでいるため）</translation>
    </message>
    <message>
        <source>analyze needs a STUDY_DIR or --long-csv FILE</source>
        <translation>analyze には STUDY_DIR または --long-csv FILE が必要です</translation>
    </message>
    <message>
        <source>reader {reader!r} is not in study {name!r} (readers: {readers})</source>
        <translation>読影者 {reader!r} は読影試験 {name!r} に含まれていません（読影者: {readers}）</translation>
    </message>
    <message>
        <source>export needs --long-csv FILE and/or --imrmc FILE</source>
        <translation>export には --long-csv FILE と --imrmc FILE の一方または両方が必要です</translation>
    </message>
    <message>
        <source>--n must be at least 1, not {n}</source>
        <translation>--n は 1 以上にしてください（{n} は不可）</translation>
    </message>
    <message>
        <source>--workers must be at least 1, not {workers}</source>
        <translation>--workers は 1 以上にしてください（{workers} は不可）</translation>
    </message>
    <message>
        <source>--prevalence must be between 0 and 1 (exclusive), not {prevalence:g}</source>
        <translation>--prevalence は 0 より大きく 1 より小さい値にしてください（{prevalence:g} は不可）</translation>
    </message>
    <message>
        <source>--ceiling-n must be 0 or more, not {n}</source>
        <translation>--ceiling-n は 0 以上にしてください（{n} は不可）</translation>
    </message>
    <message>
        <source>--scenario {scenario} needs --generator v2</source>
        <translation>--scenario {scenario} には --generator v2 が必要です</translation>
    </message>
    <message>
        <source>--param {item!r}: expected NAME=VALUE with NAME one of {names}</source>
        <translation>--param {item!r}：NAME=VALUE の形式で、NAME は {names} のいずれかにしてください</translation>
    </message>
    <message>
        <source>--param {item!r}: {text!r} is not a number</source>
        <translation>--param {item!r}：{text!r} は数値ではありません</translation>
    </message>
    <message>
        <source>--param: {error}</source>
        <translation>--param：{error}</translation>
    </message>
    <message>
        <source>--device cuda: no CUDA GPU is available on this machine</source>
        <translation>--device cuda：このコンピューターでは CUDA GPU を使用できません</translation>
    </message>
    <message>
        <source>--device must be cpu or cuda, not {device!r}</source>
        <translation>--device は cpu または cuda にしてください（{device!r} は不可）</translation>
    </message>
    <message>
        <source>already exists; choose another folder or pass --force</source>
        <translation>既に存在します。別のフォルダーを選ぶか --force を指定してください</translation>
    </message>
    <message>
        <source>--cxr-size {size} is outside 32-1024 px</source>
        <translation>--cxr-size {size} が 32～1024 px の範囲外です</translation>
    </message>
    <message>
        <source>no {split} cases after splitting by patient</source>
        <translation>患者単位で分割した結果、{split} の症例がありません</translation>
    </message>
    <message>
        <source>cannot train: {error}</source>
        <translation>学習できません：{error}</translation>
    </message>
    <message>
        <source>cannot refit: {error}</source>
        <translation>再フィットできません：{error}</translation>
    </message>
    <message>
        <source>already holds an evaluation; choose another folder or pass --force</source>
        <translation>既に評価結果があります。別のフォルダーを選ぶか --force を指定してください</translation>
    </message>
    <message>
        <source>no cases in split {split!r}</source>
        <translation>分割 {split!r} に症例がありません</translation>
    </message>
    <message>
        <source>all {n} rows were used to fit this bundle (same ECG or radiograph files): an evaluation on them would be in-sample; pass --include-fitting-cases to do it anyway</source>
        <translation>全 {n} 行がこのバンドルのフィットに使われています（同じ心電図または胸部X線ファイル）。これらでの評価はサンプル内評価になります。それでも実行するには --include-fitting-cases を指定してください</translation>
    </message>
    <message>
        <source>is not a DICOM file (no SOP Class, Rows or Transfer Syntax)</source>
        <translation>DICOM ファイルではありません（SOP Class、Rows、Transfer Syntax のいずれもありません）</translation>
    </message>
    <message>
        <source>DICOM header cannot be read ({error_type})</source>
        <translation>DICOM ヘッダーを読み込めません（{error_type}）</translation>
    </message>
    <message>
        <source>ECG measurement: no QRS complex found</source>
        <translation>心電図計測：QRS 波を検出できません</translation>
    </message>
    <message>
        <source>ECG measurement: only {n} usable lead(s); at least 2 are needed</source>
        <translation>心電図計測：使用できる誘導が {n} 個しかありません。少なくとも 2 個必要です</translation>
    </message>
    <message>
        <source>ECG measurement: the record lasts {seconds:.2f} s; fewer than 2 beats</source>
        <translation>心電図計測：記録が {seconds:.2f} 秒しかなく、2 拍に足りません</translation>
    </message>
    <message>
        <source>ECG measurement: no lead has a deflection over 0.05 mV; flat record</source>
        <translation>心電図計測：0.05 mV を超える振れのある誘導がありません。平坦な記録です</translation>
    </message>
    <message>
        <source>ECG measurement: {n} beat found in {seconds:.1f} s; at least 2 are needed</source>
        <translation>心電図計測：{seconds:.1f} 秒間に検出した心拍は {n} 拍です。少なくとも 2 拍必要です</translation>
    </message>
    <message>
        <source>ECG measurement: no complete beat among the {n} found in {seconds:.1f} s</source>
        <translation>心電図計測：{seconds:.1f} 秒間に検出した {n} 拍のうち、完全な心拍がありません</translation>
    </message>
    <message>
        <source>is a {format} file, not an ECG</source>
        <translation>{format} ファイルであり、心電図ではありません</translation>
    </message>
    <message>
        <source>is an ECG ({format}), not a chest X-ray</source>
        <translation>心電図（{format}）であり、胸部X線ではありません</translation>
    </message>
    <message>
        <source>unsupported file</source>
        <translation>対応していないファイルです</translation>
    </message>
    <message>
        <source>{format}: the XML declares entities or external references ({error_type}); refused for security</source>
        <translation>{format}: XML がエンティティまたは外部参照を宣言しています（{error_type}）：セキュリティのため読み込みを拒否しました</translation>
    </message>
    <message>
        <source>{format}: {problem}</source>
        <translation>{format}: {problem}</translation>
    </message>
    <message>
        <source>{format}: the file declares more data than fits in memory</source>
        <translation>{format}: ファイルが宣言するデータ量がメモリーに収まりません</translation>
    </message>
    <message>
        <source>{format}: cannot be read ({reason})</source>
        <translation>{format}: 読み込めません（{reason}）</translation>
    </message>
    <message>
        <source>{format}: cannot decode the file ({error_type}: {error})</source>
        <translation>{format}: ファイルをデコードできません（{error_type}: {error}）</translation>
    </message>
    <message>
        <source>{format}: lead {lead} has no usable calibration (resolution {resolution:g} {unit}); its samples are raw ADC counts</source>
        <translation>{format}: 誘導 {lead} に使用できる較正情報がありません（分解能 {resolution:g} {unit}）：サンプルは未較正の ADC カウント値です</translation>
    </message>
    <message>
        <source>without a unit</source>
        <translation>単位なし</translation>
    </message>
    <message>
        <source>{format}: lead {lead} is in {unit}, not a voltage</source>
        <translation>{format}: 誘導 {lead} の単位が {unit} であり、電圧ではありません</translation>
    </message>
    <message>
        <source>no unit</source>
        <translation>単位なし</translation>
    </message>
    <message>
        <source>{format}: the file holds no rhythm leads</source>
        <translation>{format}: ファイルにリズム誘導がありません</translation>
    </message>
    <message>
        <source>{format}: the leads have different sampling rates ({rates}); a 12-lead ECG records all leads at one rate</source>
        <translation>{format}: 誘導ごとにサンプリング周波数が異なります（{rates}）：12誘導心電図はすべての誘導を同じ周波数で記録します</translation>
    </message>
    <message>
        <source>{format}: unusable record ({error_type}: {error})</source>
        <translation>{format}: 使用できない記録です（{error_type}: {error}）</translation>
    </message>
    <message>
        <source>a CT image</source>
        <translation>CT 画像</translation>
    </message>
    <message>
        <source>an MR image</source>
        <translation>MR 画像</translation>
    </message>
    <message>
        <source>an ultrasound image</source>
        <translation>超音波画像</translation>
    </message>
    <message>
        <source>a nuclear medicine image</source>
        <translation>核医学画像</translation>
    </message>
    <message>
        <source>a PET image</source>
        <translation>PET 画像</translation>
    </message>
    <message>
        <source>an ECG waveform</source>
        <translation>心電図波形</translation>
    </message>
    <message>
        <source>a mammogram</source>
        <translation>マンモグラム</translation>
    </message>
    <message>
        <source>an X-ray angiogram</source>
        <translation>X線血管造影画像</translation>
    </message>
    <message>
        <source>a fluoroscopy image</source>
        <translation>透視画像</translation>
    </message>
    <message>
        <source>an intra-oral dental radiograph</source>
        <translation>口内法歯科X線画像</translation>
    </message>
    <message>
        <source>a panoramic dental radiograph</source>
        <translation>パノラマ歯科X線画像</translation>
    </message>
    <message>
        <source>a structured report</source>
        <translation>構造化レポート</translation>
    </message>
    <message>
        <source>a radiotherapy plan</source>
        <translation>放射線治療計画</translation>
    </message>
    <message>
        <source>a radiotherapy dose</source>
        <translation>放射線治療線量</translation>
    </message>
    <message>
        <source>a radiotherapy structure set</source>
        <translation>放射線治療ストラクチャーセット</translation>
    </message>
    <message>
        <source>a segmentation</source>
        <translation>セグメンテーション</translation>
    </message>
    <message>
        <source>a presentation state</source>
        <translation>プレゼンテーションステート</translation>
    </message>
    <message>
        <source>an ophthalmic photograph</source>
        <translation>眼科写真</translation>
    </message>
    <message>
        <source>a photograph</source>
        <translation>写真</translation>
    </message>
    <message>
        <source>an endoscopy image</source>
        <translation>内視鏡画像</translation>
    </message>
    <message>
        <source>a microscopy slide</source>
        <translation>顕微鏡スライド画像</translation>
    </message>
    <message>
        <source>a document</source>
        <translation>文書</translation>
    </message>
    <message>
        <source>a key object selection</source>
        <translation>キーオブジェクト選択</translation>
    </message>
    <message>
        <source>cannot be read as a chest X-ray ({reason})</source>
        <translation>胸部X線として読み込めません（{reason}）</translation>
    </message>
    <message>
        <source>cannot be written ({reason})</source>
        <translation>書き込めません（{reason}）</translation>
    </message>
    <message>
        <source>no details</source>
        <translation>詳細なし</translation>
    </message>
    <message>
        <source>cannot be read ({reason})</source>
        <translation>読み込めません（{reason}）</translation>
    </message>
    <message>
        <source>not a chest X-ray file PH-Assist reads (DICOM, PNG or JPEG)</source>
        <translation>PH-Assist が読み込める胸部X線ファイル（DICOM、PNG、JPEG）ではありません</translation>
    </message>
    <message>
        <source>image has {rows} rows and {cols} columns</source>
        <translation>画像の行数が {rows}、列数が {cols} です</translation>
    </message>
    <message>
        <source>image is {cols} x {rows} px; a radiograph has {low}-{high} px a side</source>
        <translation>画像が {cols} x {rows} px です：胸部X線の一辺は {low}-{high} px である必要があります</translation>
    </message>
    <message>
        <source>image is constant (every pixel is {lo:g}): no contrast</source>
        <translation>画像が一様です（全画素が {lo:g}）：コントラストがありません</translation>
    </message>
    <message>
        <source>pixel values are not finite</source>
        <translation>画素値が有限の数値ではありません</translation>
    </message>
    <message>
        <source>image is too large to decode safely ({reason})</source>
        <translation>画像が大きすぎて安全にデコードできません（{reason}）</translation>
    </message>
    <message>
        <source>32-bit image with values {lo}..{hi} is not a radiograph</source>
        <translation>値が {lo}..{hi} の32ビット画像であり、X線画像ではありません</translation>
    </message>
    <message>
        <source>decoded image has shape {shape}, expected {rows} x {cols}</source>
        <translation>デコードした画像の形状が {shape} です（{rows} x {cols} のはずです）</translation>
    </message>
    <message>
        <source>{keyword} cannot be read</source>
        <translation>{keyword} を読み込めません</translation>
    </message>
    <message>
        <source>{keyword} is not a single number ({value!r})</source>
        <translation>{keyword} が単一の数値ではありません（{value!r}）</translation>
    </message>
    <message>
        <source>DICOM file has no transfer syntax</source>
        <translation>DICOM ファイルに転送構文（Transfer Syntax）がありません</translation>
    </message>
    <message>
        <source>unknown DICOM transfer syntax {uid!r}</source>
        <translation>不明な DICOM 転送構文 {uid!r} です</translation>
    </message>
    <message>
        <source>is a DICOM ECG waveform, not a chest radiograph</source>
        <translation>DICOM 心電図波形であり、胸部X線ではありません</translation>
    </message>
    <message>
        <source>is {what} (Modality {modality}), not a radiograph; PH-Assist reads {modalities} chest X-rays</source>
        <translation>{what}（Modality {modality}）であり、X線画像ではありません：PH-Assist が読み込めるのは {modalities} の胸部X線です</translation>
    </message>
    <message>
        <source>holds no integer Pixel Data ({keyword})</source>
        <translation>整数の Pixel Data がありません（{keyword}）</translation>
    </message>
    <message>
        <source>holds no image (no Pixel Data)</source>
        <translation>画像がありません（Pixel Data なし）</translation>
    </message>
    <message>
        <source>image header has no Rows or Columns</source>
        <translation>画像ヘッダーに Rows または Columns がありません</translation>
    </message>
    <message>
        <source>is a colour image (Photometric Interpretation {photometric}); a radiograph is greyscale</source>
        <translation>カラー画像です（Photometric Interpretation {photometric}）：X線画像はグレースケールです</translation>
    </message>
    <message>
        <source>has {samples} samples per pixel; a greyscale radiograph has 1</source>
        <translation>1画素あたりのサンプル数が {samples} です：グレースケールのX線画像では 1 である必要があります</translation>
    </message>
    <message>
        <source>Photometric Interpretation {value!r} is not MONOCHROME1 or MONOCHROME2</source>
        <translation>Photometric Interpretation {value!r} が MONOCHROME1 でも MONOCHROME2 でもありません</translation>
    </message>
    <message>
        <source>absent</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>is a multi-frame image ({frames} frames); a radiograph is one image</source>
        <translation>マルチフレーム画像です（{frames} フレーム）：X線画像は1枚の画像です</translation>
    </message>
    <message>
        <source>Number of Frames is {frames}</source>
        <translation>Number of Frames が {frames} です</translation>
    </message>
    <message>
        <source>Bits Allocated {bits} is not supported (8 or 16)</source>
        <translation>Bits Allocated {bits} には対応していません（8 または 16）</translation>
    </message>
    <message>
        <source>Bits Stored {stored} does not fit Bits Allocated {allocated}</source>
        <translation>Bits Stored {stored} が Bits Allocated {allocated} と整合しません</translation>
    </message>
    <message>
        <source>Pixel Representation {value} is not 0 or 1</source>
        <translation>Pixel Representation {value} が 0 でも 1 でもありません</translation>
    </message>
    <message>
        <source>RLE pixel data is shorter than its 64-byte header</source>
        <translation>RLE 画素データが 64 バイトのヘッダーより短いです</translation>
    </message>
    <message>
        <source>RLE pixel data has a corrupt header (segment count or offsets)</source>
        <translation>RLE 画素データのヘッダーが破損しています（セグメント数またはオフセット）</translation>
    </message>
    <message>
        <source>Pixel Data is not a byte string</source>
        <translation>Pixel Data がバイト列ではありません</translation>
    </message>
    <message>
        <source>compressed pixel data is corrupt ({reason})</source>
        <translation>圧縮画素データが破損しています（{reason}）</translation>
    </message>
    <message>
        <source>compressed pixel data is empty</source>
        <translation>圧縮画素データが空です</translation>
    </message>
    <message>
        <source>compressed image is {found_cols} x {found_rows} px but the header says {cols} x {rows}</source>
        <translation>圧縮画像は {found_cols} x {found_rows} px ですが、ヘッダーでは {cols} x {rows} です</translation>
    </message>
    <message>
        <source>pixel data is truncated: {size} bytes where {rows} x {cols} at {bits} bits need {expected}</source>
        <translation>画素データが途中で切れています：{rows} x {cols}、{bits} ビットには {expected} バイト必要ですが {size} バイトしかありません</translation>
    </message>
    <message>
        <source>pixel data cannot be decoded ({syntax}; {reason})</source>
        <translation>画素データをデコードできません（{syntax}; {reason}）</translation>
    </message>
    <message>
        <source>pixel data cannot be decoded ({syntax}; decoder failed: {reason})</source>
        <translation>画素データをデコードできません（{syntax}; デコーダーのエラー: {reason}）</translation>
    </message>
    <message>
        <source>decoded pixel data has shape {shape} ({dtype}), expected {rows} x {cols} integers</source>
        <translation>デコードした画素データの形状が {shape}（{dtype}）です（{rows} x {cols} の整数のはずです）</translation>
    </message>
    <message>
        <source>Rescale Slope {slope:g} / Intercept {intercept:g} is invalid</source>
        <translation>Rescale Slope {slope:g} / Intercept {intercept:g} が不正です</translation>
    </message>
    <message>
        <source>the Modality LUT gives non-finite pixel values</source>
        <translation>Modality LUT を適用すると画素値が有限の数値になりません</translation>
    </message>
    <message>
        <source>file not found</source>
        <translation>ファイルが見つかりません</translation>
    </message>
    <message>
        <source>is a device, FIFO or socket, not a regular file</source>
        <translation>デバイス、FIFO またはソケットであり、通常のファイルではありません</translation>
    </message>
    <message>
        <source>file is empty</source>
        <translation>ファイルが空です</translation>
    </message>
    <message>
        <source>file is {mib:.0f} MiB; larger than any ECG or radiograph PH-Assist reads</source>
        <translation>ファイルサイズが {mib:.0f} MiB です：PH-Assist が読み込む心電図・胸部X線のどれよりも大きすぎます</translation>
    </message>
    <message>
        <source>DICOM header cannot be read ({error_type}: {error})</source>
        <translation>DICOM ヘッダーを読み込めません（{error_type}: {error}）</translation>
    </message>
    <message>
        <source>XML file is not an ECG format PH-Assist reads (HL7 aECG, Philips, GE MUSE)</source>
        <translation>XML ファイルですが、PH-Assist が読み込める心電図形式（HL7 aECG、Philips、GE MUSE）ではありません</translation>
    </message>
    <message>
        <source>unrecognised file type; PH-Assist reads ECGs as WFDB, DICOM, HL7 aECG, Philips XML, GE MUSE XML, SCP-ECG, MFER or CSV, and chest X-rays as DICOM, PNG or JPEG</source>
        <translation>認識できないファイル形式です：PH-Assist が読み込めるのは、心電図は WFDB、DICOM、HL7 aECG、Philips XML、GE MUSE XML、SCP-ECG、MFER、CSV、胸部X線は DICOM、PNG、JPEG です</translation>
    </message>
    <message>
        <source>{prefix}{channels} channels x {samples} samples = {total:,} samples; more than the {limit:,} PH-Assist reads per record</source>
        <translation>{prefix}{channels} チャンネル × {samples} サンプル = {total:,} サンプル：PH-Assist が1記録あたり読み込める {limit:,} サンプルを超えています</translation>
    </message>
    <message>
        <source>{prefix}sampling rate {fs!r} is not a number</source>
        <translation>{prefix}サンプリング周波数 {fs!r} が数値ではありません</translation>
    </message>
    <message>
        <source>{prefix}sampling rate {fs:g} Hz is outside {low:g}-{high:g} Hz</source>
        <translation>{prefix}サンプリング周波数 {fs:g} Hz が {low:g}-{high:g} Hz の範囲外です</translation>
    </message>
    <message>
        <source>lead {name!r} holds non-numeric samples</source>
        <translation>誘導 {name!r} に数値でないサンプルがあります</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>no standard ECG lead found (channels: {channels})</source>
        <translation>標準の心電図誘導が見つかりません（チャンネル: {channels}）</translation>
    </message>
    <message>
        <source>the record holds no samples</source>
        <translation>記録にサンプルがありません</translation>
    </message>
    <message>
        <source>record is {duration:.2f} s long; at least {minimum:g} s are needed</source>
        <translation>記録の長さが {duration:.2f} s です：{minimum:g} s 以上必要です</translation>
    </message>
    <message>
        <source>record is {hours:.1f} h long; that is not a resting ECG</source>
        <translation>記録の長さが {hours:.1f} h です：安静時心電図ではありません</translation>
    </message>
    <message>
        <source>not a 12-lead ECG: {n} of 12 standard leads ({present}); missing {missing}</source>
        <translation>12誘導心電図ではありません：標準12誘導のうち {n} 誘導（{present}）のみで、{missing} が欠落しています</translation>
    </message>
    <message>
        <source>every lead is empty or flat; the record holds no ECG signal</source>
        <translation>すべての誘導が空または平坦です：記録に心電図信号がありません</translation>
    </message>
    <message>
        <source>CSV files store no sampling rate; give it (--fs in the CLI)</source>
        <translation>CSV ファイルにはサンプリング周波数が含まれていません。指定してください（CLI では --fs）</translation>
    </message>
    <message>
        <source>unknown unit {unit!r}; use mV, uV or V</source>
        <translation>不明な単位 {unit!r} です。mV、uV または V を使用してください</translation>
    </message>
    <message>
        <source>CSV file is {mib:.0f} MiB; larger than a resting ECG ({limit} MiB at most)</source>
        <translation>CSV ファイルが {mib:.0f} MiB あり、安静時心電図としては大きすぎます（最大 {limit} MiB）</translation>
    </message>
    <message>
        <source>CSV is not UTF-8 text</source>
        <translation>CSV が UTF-8 のテキストではありません</translation>
    </message>
    <message>
        <source>malformed CSV ({detail}); an unbalanced quote or a huge field</source>
        <translation>CSV の形式が不正です（{detail}）。引用符の対応が取れていないか、巨大なフィールドがあります</translation>
    </message>
    <message>
        <source>CSV contains binary data (NUL bytes)</source>
        <translation>CSV にバイナリデータ（NUL バイト）が含まれています</translation>
    </message>
    <message>
        <source>CSV has no header row</source>
        <translation>CSV にヘッダー行がありません</translation>
    </message>
    <message>
        <source>CSV header names no ECG lead (got: {got}); expected names like {leads} ...</source>
        <translation>CSV のヘッダーに心電図の誘導名がありません（実際の列名：{got}）。{leads} ... のような名前が必要です</translation>
    </message>
    <message>
        <source>CSV has more than {rows:,} rows of {leads} leads; more samples than PH-Assist reads per record</source>
        <translation>CSV が {leads} 誘導で {rows:,} 行を超えています。PH-Assist が 1 レコードで読み込むサンプル数を超えています</translation>
    </message>
    <message>
        <source>row {row}, column {column}: {cell!r} is not a number</source>
        <translation>{row} 行目、列 {column}：{cell!r} は数値ではありません</translation>
    </message>
    <message>
        <source>CSV has a header but no samples</source>
        <translation>CSV にヘッダーはありますがサンプルがありません</translation>
    </message>
    <message>
        <source>DICOM ECG: {n} waveform channels declared</source>
        <translation>DICOM ECG：波形チャンネル数の記載が不正です（{n}）</translation>
    </message>
    <message>
        <source>DICOM ECG: sampling frequency {value!r} is not usable</source>
        <translation>DICOM ECG：サンプリング周波数 {value!r} は使用できません</translation>
    </message>
    <message>
        <source>DICOM ECG: {n} samples per channel declared at {fs:g} Hz</source>
        <translation>DICOM ECG：チャンネルあたりのサンプル数の記載が不正です（{fs:g} Hz で {n} サンプル）</translation>
    </message>
    <message>
        <source>DICOM ECG: mu-law/A-law coded samples ({interp}) are not supported</source>
        <translation>DICOM ECG：mu-law/A-law 符号化サンプル（{interp}）には対応していません</translation>
    </message>
    <message>
        <source>DICOM ECG: unsupported sample encoding {bits} bits {interp}</source>
        <translation>DICOM ECG：対応していないサンプル符号化です（{bits} ビット {interp}）</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（なし）</translation>
    </message>
    <message>
        <source>DICOM ECG: waveform data holds {size} bytes; the header declares {n_ch} channels x {n_s} samples ({expected} bytes); the file is truncated or damaged</source>
        <translation>DICOM ECG：波形データは {size} バイトですが、ヘッダーの記載は {n_ch} チャンネル × {n_s} サンプル（{expected} バイト）です。ファイルが途中で切れているか破損しています</translation>
    </message>
    <message>
        <source>DICOM ECG: {n_ch} waveform channels declared but {n_def} channel definitions</source>
        <translation>DICOM ECG：波形チャンネル数の記載は {n_ch} ですが、チャンネル定義は {n_def} 個です</translation>
    </message>
    <message>
        <source>DICOM ECG: channel &apos;{label}&apos; has no usable sensitivity ({sensitivity!r} x {correction!r})</source>
        <translation>DICOM ECG：チャンネル &apos;{label}&apos; に使用できる感度がありません（{sensitivity!r} × {correction!r}）</translation>
    </message>
    <message>
        <source>DICOM ECG: channel &apos;{label}&apos; is in {unit}, not a voltage unit</source>
        <translation>DICOM ECG：チャンネル &apos;{label}&apos; の単位は {unit} で、電圧の単位ではありません</translation>
    </message>
    <message>
        <source>DICOM ECG: the deflated data expands to more than {mib} MiB; larger than any ECG PH-Assist reads</source>
        <translation>DICOM ECG：deflate 圧縮データが展開後 {mib} MiB を超えます。PH-Assist が読み込む心電図としては大きすぎます</translation>
    </message>
    <message>
        <source>DICOM ECG: the deflated data expands to more than {mib} MiB</source>
        <translation>DICOM ECG：deflate 圧縮データが展開後 {mib} MiB を超えます</translation>
    </message>
    <message>
        <source>DICOM ECG: the file holds no waveform (no Waveform Sequence)</source>
        <translation>DICOM ECG：ファイルに波形がありません（Waveform Sequence がありません）</translation>
    </message>
    <message>
        <source>DICOM ECG: the file holds only median-beat waveforms, no rhythm strip</source>
        <translation>DICOM ECG：ファイルには中央値心拍の波形しかなく、リズムストリップがありません</translation>
    </message>
    <message>
        <source>DICOM ECG: the file declares more data than fits in memory</source>
        <translation>DICOM ECG：ファイルに記載されたデータ量がメモリーに収まりません</translation>
    </message>
    <message>
        <source>DICOM ECG: damaged or truncated file ({error}: {detail})</source>
        <translation>DICOM ECG：ファイルが破損しているか途中で切れています（{error}: {detail}）</translation>
    </message>
    <message>
        <source>{format}: {hours:.0f} h per lead declared; longer than the 24 h any reader accepts</source>
        <translation>{format}: 1誘導あたり {hours:.0f} h と宣言されています：どの読み込みでも受け付ける上限 24 h を超えています</translation>
    </message>
    <message>
        <source>{format}: XLI chunk {index} decompresses to more than {limit} bytes, far beyond the {duration_ms:g} ms declared per lead (damaged or malicious file)</source>
        <translation>{format}: XLI チャンク {index} の展開後のサイズが {limit} バイトを超え、1誘導あたり宣言された {duration_ms:g} ms を大きく上回ります（破損または悪意のあるファイル）</translation>
    </message>
    <message>
        <source>code {code}</source>
        <translation>コード {code}</translation>
    </message>
    <message>
        <source>{format}: Section 3 gives lead {lead} the sample range {start}-{stop}; sample numbers start at 1 and must not decrease (non-standard or damaged file)</source>
        <translation>{format}: Section 3 で誘導 {lead} のサンプル範囲が {start}-{stop} になっています：サンプル番号は 1 から始まり、減少してはなりません（非標準または破損したファイル）</translation>
    </message>
    <message>
        <source>{format}: lead {lead} declares {n} samples ({hours:.0f} h at {fs:g} Hz); longer than the 24 h any reader accepts</source>
        <translation>{format}: 誘導 {lead} のサンプル数が {n} と宣言されています（{fs:g} Hz で {hours:.0f} h）：どの読み込みでも受け付ける上限 24 h を超えています</translation>
    </message>
    <message>
        <source>{format}: the Huffman-coded data declares {total} samples in all; more than the {limit} a resting ECG needs</source>
        <translation>{format}: ハフマン符号化データのサンプル数が合計 {total} と宣言されています：安静時心電図に必要な {limit} を超えています</translation>
    </message>
    <message>
        <source>WFDB: {what} not found</source>
        <translation>WFDB：{what} が見つかりません</translation>
    </message>
    <message>
        <source>WFDB: {what} cannot be read ({reason})</source>
        <translation>WFDB：{what} を読み込めません（{reason}）</translation>
    </message>
    <message>
        <source>WFDB: {what} is a device, FIFO or socket, not a regular file</source>
        <translation>WFDB：{what} は通常のファイルではありません（デバイス、FIFO またはソケット）</translation>
    </message>
    <message>
        <source>WFDB: signal file {name!r} is not a file beside the header</source>
        <translation>WFDB：信号ファイル {name!r} はヘッダーと同じフォルダー内のファイルではありません</translation>
    </message>
    <message>
        <source>WFDB: signal file {name!r} named in the header is missing</source>
        <translation>WFDB：ヘッダーに記載された信号ファイル {name!r} がありません</translation>
    </message>
    <message>
        <source>signal file {name!r}</source>
        <translation>信号ファイル {name!r}</translation>
    </message>
    <message>
        <source>WFDB: signal file {name!r} is {mib:.0f} MiB; larger than any ECG PH-Assist reads</source>
        <translation>WFDB：信号ファイル {name!r} は {mib:.0f} MiB です。PH-Assist が読み込む心電図としては大きすぎます</translation>
    </message>
    <message>
        <source>WFDB signal file {name!r} is truncated: {size} bytes, the header declares {expected}</source>
        <translation>WFDB 信号ファイル {name!r} が途中で切れています：{size} バイト（ヘッダーの記載は {expected} バイト）</translation>
    </message>
    <message>
        <source>WFDB signal file {name!r} is {size} bytes; the header declares {expected}; the header does not describe this file</source>
        <translation>WFDB 信号ファイル {name!r} は {size} バイトですが、ヘッダーの記載は {expected} バイトです。ヘッダーがこのファイルと一致しません</translation>
    </message>
    <message>
        <source>WFDB: header file (.hea) not found beside the signal file</source>
        <translation>WFDB：信号ファイルと同じフォルダーにヘッダーファイル（.hea）が見つかりません</translation>
    </message>
    <message>
        <source>header file</source>
        <translation>ヘッダーファイル</translation>
    </message>
    <message>
        <source>WFDB: header file is larger than 1 MiB; not a WFDB header</source>
        <translation>WFDB：ヘッダーファイルが 1 MiB を超えています。WFDB ヘッダーではありません</translation>
    </message>
    <message>
        <source>WFDB header cannot be parsed ({error}: {detail})</source>
        <translation>WFDB ヘッダーを解析できません（{error}: {detail}）</translation>
    </message>
    <message>
        <source>WFDB header declares no signals</source>
        <translation>WFDB ヘッダーに信号の記載がありません</translation>
    </message>
    <message>
        <source>WFDB header declares {n} signals; not an ECG</source>
        <translation>WFDB ヘッダーの信号数が {n} です。心電図ではありません</translation>
    </message>
    <message>
        <source>WFDB header declares no samples (signal length missing or 0)</source>
        <translation>WFDB ヘッダーにサンプル数の記載がありません（信号長がないか 0）</translation>
    </message>
    <message>
        <source>WFDB header declares {n} samples per signal; longer than 24 h</source>
        <translation>WFDB ヘッダーの信号あたりのサンプル数が {n} です。24 時間を超えています</translation>
    </message>
    <message>
        <source>WFDB header has an invalid sampling rate ({fs})</source>
        <translation>WFDB ヘッダーのサンプリング周波数が無効です（{fs}）</translation>
    </message>
    <message>
        <source>WFDB header</source>
        <translation>WFDB ヘッダー</translation>
    </message>
    <message>
        <source>WFDB record holds no standard ECG lead (signals: {signals})</source>
        <translation>WFDB レコードに標準の心電図誘導がありません（信号：{signals}）</translation>
    </message>
    <message>
        <source>WFDB signal data cannot be read ({error}: {detail})</source>
        <translation>WFDB の信号データを読み込めません（{error}: {detail}）</translation>
    </message>
    <message>
        <source>WFDB record holds no signal data</source>
        <translation>WFDB レコードに信号データがありません</translation>
    </message>
    <message>
        <source>WFDB signal file is truncated: {n} of {total} samples</source>
        <translation>WFDB 信号ファイルが途中で切れています：{total} サンプル中 {n} サンプル</translation>
    </message>
    <message>
        <source>WFDB: lead {lead} has unit {unit!r}; expected mV, uV or V</source>
        <translation>WFDB：誘導 {lead} の単位が {unit!r} です。mV、uV または V が必要です</translation>
    </message>
    <message>
        <source>a WFDB record name may hold only letters, digits, &apos;-&apos; and &apos;_&apos; (no dot or space); choose another output name</source>
        <translation>WFDB のレコード名に使えるのは英字、数字、&apos;-&apos;、&apos;_&apos; のみです（ドットと空白は不可）。別の出力名を指定してください</translation>
    </message>
    <message>
        <source>mass</source>
        <translation>質量</translation>
    </message>
    <message>
        <source>moles</source>
        <translation>物質量</translation>
    </message>
    <message>
        <source>the Observation&apos;s code is not BNP or NT-proBNP ({codes}); supported LOINC codes: {supported}</source>
        <translation>Observation のコードが BNP でも NT-proBNP でもありません（{codes}）。対応している LOINC コード：{supported}</translation>
    </message>
    <message>
        <source>the {analyte} Observation has status {status!r}; only {usable} results are used</source>
        <translation>{analyte} の Observation のステータスが {status!r} です。使用するのは {usable} の結果のみです</translation>
    </message>
    <message>
        <source>not a FHIR resource (the JSON is not an object)</source>
        <translation>FHIR リソースではありません（JSON がオブジェクトではありません）</translation>
    </message>
    <message>
        <source>a FHIR {kind} resource, not an Observation or a Bundle of Observations</source>
        <translation>FHIR の {kind} リソースです。Observation でも Observation の Bundle でもありません</translation>
    </message>
    <message>
        <source>is a folder, not a FHIR JSON file</source>
        <translation>フォルダーです。FHIR JSON ファイルではありません</translation>
    </message>
    <message>
        <source>is a device, FIFO or socket, not a file</source>
        <translation>デバイス、FIFO またはソケットです。ファイルではありません</translation>
    </message>
    <message>
        <source>is {mb:.0f} MB; a FHIR laboratory export read here may be at most {limit} MB (export this patient&apos;s results only)</source>
        <translation>{mb:.0f} MB あります。ここで読み込む FHIR の検査結果エクスポートは最大 {limit} MB です（この患者の結果のみをエクスポートしてください）</translation>
    </message>
    <message>
        <source>is larger than {limit} MB</source>
        <translation>{limit} MB を超えています</translation>
    </message>
    <message>
        <source>not a UTF-8 text file (FHIR JSON is UTF-8)</source>
        <translation>UTF-8 のテキストファイルではありません（FHIR JSON は UTF-8 です）</translation>
    </message>
    <message>
        <source>looks like XML; FHIR is read as JSON (export the results as FHIR JSON)</source>
        <translation>XML のようです。FHIR は JSON として読み込みます（結果を FHIR JSON でエクスポートしてください）</translation>
    </message>
    <message>
        <source> (line {line}, column {column})</source>
        <translation>（{line} 行 {column} 列）</translation>
    </message>
    <message>
        <source>not valid JSON{where}</source>
        <translation>有効な JSON ではありません{where}</translation>
    </message>
    <message>
        <source>code {codes}</source>
        <translation>コード {codes}</translation>
    </message>
    <message>
        <source>no code</source>
        <translation>コードなし</translation>
    </message>
    <message>
        <source>Bundle entry {entry}: </source>
        <translation>Bundle エントリ {entry}：</translation>
    </message>
    <message>
        <source>{where}not a valid FHIR R4 Observation: {loc}: {msg}</source>
        <translation>{where}有効な FHIR R4 Observation ではありません：{loc}: {msg}</translation>
    </message>
    <message>
        <source>a Bundle of type {type!r}; only {types} Bundles are read</source>
        <translation>種類 {type!r} の Bundle です。読み込むのは {types} の Bundle のみです</translation>
    </message>
    <message>
        <source> or </source>
        <translation> または </translation>
    </message>
    <message>
        <source>not a valid FHIR Bundle: entry is not a list</source>
        <translation>有効な FHIR Bundle ではありません：entry がリストではありません</translation>
    </message>
    <message>
        <source>the Bundle holds no BNP or NT-proBNP Observation; supported LOINC codes: {supported}</source>
        <translation>Bundle に BNP または NT-proBNP の Observation がありません。対応している LOINC コード：{supported}</translation>
    </message>
    <message>
        <source>the Bundle&apos;s {n} BNP / NT-proBNP Observation(s) are not final ({statuses}); only {usable} results are used</source>
        <translation>Bundle 内の BNP / NT-proBNP の Observation {n} 件はいずれも確定していません（{statuses}）。使用するのは {usable} の結果のみです</translation>
    </message>
    <message>
        <source>the Bundle holds {n} final BNP / NT-proBNP results and some have no effective date or issued time; cannot tell which is the most recent</source>
        <translation>Bundle に確定した BNP / NT-proBNP の結果が {n} 件あり、一部に effective の日付も issued の時刻もありません。どれが最新か判断できません</translation>
    </message>
    <message>
        <source>the Bundle holds {n} different BNP / NT-proBNP results at the same, most recent time; cannot tell which to use</source>
        <translation>Bundle に同じ最新時刻の異なる BNP / NT-proBNP の結果が {n} 件あります。どれを使うか判断できません</translation>
    </message>
    <message>
        <source>{where}the {analyte} Observation</source>
        <translation>{where}{analyte} の Observation</translation>
    </message>
    <message>
        <source>{what} has no value (dataAbsentReason given)</source>
        <translation>{what} に値がありません（dataAbsentReason あり）</translation>
    </message>
    <message>
        <source>{what} holds a {kind}, not a valueQuantity with a unit</source>
        <translation>{what} の値は {kind} で、単位付きの valueQuantity ではありません</translation>
    </message>
    <message>
        <source>{what} has no valueQuantity</source>
        <translation>{what} に valueQuantity がありません</translation>
    </message>
    <message>
        <source>{what} has a valueQuantity without a value</source>
        <translation>{what} の valueQuantity に value がありません</translation>
    </message>
    <message>
        <source>{what} has comparator {comparator!r}; only &apos;&lt;&apos; (below the assay&apos;s detection limit) is read, as when typed</source>
        <translation>{what} の comparator が {comparator!r} です。入力時と同じく、読み込むのは &apos;&lt;&apos;（測定系の検出限界未満）のみです</translation>
    </message>
    <message>
        <source>{what}: its LOINC code is a {property} concentration but the unit is {unit}; the export contradicts itself</source>
        <translation>{what}：LOINC コードは{property}濃度ですが、単位は {unit} です。エクスポートの内容が矛盾しています</translation>
    </message>
    <message>
        <source>UCUM unit {unit!r} is not read; use pg/mL, ng/L or pmol/L</source>
        <translation>UCUM 単位 {unit!r} は読み込めません。pg/mL、ng/L または pmol/L を使用してください</translation>
    </message>
    <message>
        <source>the valueQuantity has no unit; expected UCUM pg/mL, ng/L or pmol/L</source>
        <translation>valueQuantity に単位がありません。UCUM の pg/mL、ng/L または pmol/L が必要です</translation>
    </message>
    <message>
        <source>a laboratory export for a worklist must be a FHIR Bundle (searchset or collection)</source>
        <translation>ワークリスト用の検査結果エクスポートは FHIR Bundle（searchset または collection）でなければなりません</translation>
    </message>
    <message>
        <source>unknown unit {unit!r}; use pg/mL (= ng/L) or pmol/L</source>
        <translation>不明な単位 {unit!r} です。pg/mL（= ng/L）または pmol/L を使用してください</translation>
    </message>
    <message>
        <source>unknown analyte {analyte!r}; use BNP or NT-proBNP</source>
        <translation>不明な検査項目 {analyte!r} です。BNP または NT-proBNP を使用してください</translation>
    </message>
    <message>
        <source>{name} {text}: a concentration cannot be negative</source>
        <translation>{name} {text}：濃度は負の値になりません</translation>
    </message>
    <message>
        <source>{name} value {text!r} is ambiguous: a comma, apostrophe or space may be a thousands separator or a decimal mark; write it with digits and a decimal point only (e.g. 1250 or 12.5)</source>
        <translation>{name} 値 {text!r} はあいまいです：コンマ、アポストロフィ、空白は桁区切りにも小数点にもなり得ます。数字と小数点だけで入力してください（例：1250 または 12.5）</translation>
    </message>
    <message>
        <source>{name} value {text!r} is not a number</source>
        <translation>{name} 値 {text!r} は数値ではありません</translation>
    </message>
    <message>
        <source>{name} value is empty</source>
        <translation>{name} 値が空です</translation>
    </message>
    <message>
        <source>{name} value {text!r} is not a finite number</source>
        <translation>{name} 値 {text!r} は有限の数値ではありません</translation>
    </message>
    <message>
        <source>{name} {text} {unit}: a concentration cannot be negative</source>
        <translation>{name} {text} {unit}：濃度は負の値になりません</translation>
    </message>
    <message>
        <source>{name} of 0 {unit} is below every assay&apos;s detection limit; enter the reported limit, e.g. &apos;&lt;5&apos;</source>
        <translation>{name} 0 {unit} はどの測定系の検出限界よりも低い値です。報告された検出限界を入力してください（例：&apos;&lt;5&apos;）</translation>
    </message>
    <message>
        <source>{name} {text} {unit} = {pg_ml:.3g} pg/mL is below any assay&apos;s detection limit ({minimum:g} pg/mL); enter the reported limit with &apos;&lt;&apos;, e.g. &apos;&lt;5&apos;</source>
        <translation>{name} {text} {unit} = {pg_ml:.3g} pg/mL はどの測定系の検出限界（{minimum:g} pg/mL）よりも低い値です。報告された検出限界を &apos;&lt;&apos; を付けて入力してください（例：&apos;&lt;5&apos;）</translation>
    </message>
    <message>
        <source> (is it NT-proBNP?)</source>
        <translation>（NT-proBNP ではありませんか？）</translation>
    </message>
    <message>
        <source>{name} {text} {unit} = {pg_ml:.0f} pg/mL is above any assay&apos;s reportable range ({maximum:.0f} pg/mL); check the value and unit{hint}</source>
        <translation>{name} {text} {unit} = {pg_ml:.0f} pg/mL はどの測定系の報告範囲（{maximum:.0f} pg/mL）も超えています。値と単位を確認してください{hint}</translation>
    </message>
    <message>
        <source>{column} contains a NUL character</source>
        <translation>{column} に NUL 文字が含まれています</translation>
    </message>
    <message>
        <source>{column} cannot be resolved ({reason})</source>
        <translation>{column} のパスを解決できません（{reason}）</translation>
    </message>
    <message>
        <source>{column} leads outside the manifest&apos;s folder; files must lie inside it (or inside the folder given as --data-root)</source>
        <translation>{column} がマニフェストのフォルダーの外を指しています。ファイルはそのフォルダー（または --data-root で指定したフォルダー）の中に置いてください</translation>
    </message>
    <message>
        <source>{column} cannot be read ({reason})</source>
        <translation>{column} を読み込めません（{reason}）</translation>
    </message>
    <message>
        <source>{column} is a device, FIFO or socket, not a file</source>
        <translation>{column} はファイルではありません（デバイス、FIFO またはソケット）</translation>
    </message>
    <message>
        <source>is a folder, not a CSV manifest</source>
        <translation>フォルダーです。CSV マニフェストではありません</translation>
    </message>
    <message>
        <source>--data-root is not a folder</source>
        <translation>--data-root がフォルダーではありません</translation>
    </message>
    <message>
        <source>is a device, FIFO or socket, not a CSV manifest</source>
        <translation>デバイス、FIFO またはソケットです。CSV マニフェストではありません</translation>
    </message>
    <message>
        <source>not a UTF-8 text file</source>
        <translation>UTF-8 のテキストファイルではありません</translation>
    </message>
    <message>
        <source>not a readable CSV ({detail})</source>
        <translation>読み込める CSV ではありません（{detail}）</translation>
    </message>
    <message>
        <source>the manifest is empty (no header row)</source>
        <translation>マニフェストが空です（ヘッダー行がありません）</translation>
    </message>
    <message>
        <source>missing column(s) {missing}; found {found}</source>
        <translation>列がありません：{missing}（あった列：{found}）</translation>
    </message>
    <message>
        <source>no input column: need at least one of ecg_path, cxr_path, bnp, fhir_path</source>
        <translation>入力の列がありません：ecg_path、cxr_path、bnp、fhir_path のうち少なくとも 1 つが必要です</translation>
    </message>
    <message>
        <source>row {row}: not readable CSV ({detail})</source>
        <translation>{row} 行目：読み込める CSV ではありません（{detail}）</translation>
    </message>
    <message>
        <source>duplicate case_id {case_id!r} (first on row {first}; IDs that differ only in spaces or letter case are the same case)</source>
        <translation>case_id {case_id!r} が重複しています（最初は {first} 行目。空白や大文字・小文字だけが異なる ID は同じ症例とみなします）</translation>
    </message>
    <message>
        <source>label {label!r} of case {case_id!r} must be 0 (no PH) or 1 (PH)</source>
        <translation>症例 {case_id!r} の label {label!r} は 0（PH なし）または 1（PH あり）でなければなりません</translation>
    </message>
    <message>
        <source>label is empty</source>
        <translation>label が空です</translation>
    </message>
    <message>
        <source>split {split!r} is not train, val, test or empty</source>
        <translation>split {split!r} が train、val、test、空欄のいずれでもありません</translation>
    </message>
    <message>
        <source>both bnp and fhir_path are given; a case has one BNP source</source>
        <translation>bnp と fhir_path の両方が指定されています。1 症例の BNP の取得元は 1 つです</translation>
    </message>
    <message>
        <source>no ECG, chest X-ray or BNP given</source>
        <translation>心電図、胸部X線、BNP のいずれも指定されていません</translation>
    </message>
    <message>
        <source>unknown natriuretic peptide {name!r}; expected BNP or NT-proBNP</source>
        <translation>不明なナトリウム利尿ペプチドです：{name!r}。BNP または NT-proBNP を指定してください</translation>
    </message>
    <message>
        <source>peptide values must be positive numbers in pg/mL, got {value!r}</source>
        <translation>ペプチド値は pg/mL 単位の正の数である必要があります（{value!r} が指定されました）</translation>
    </message>
    <message>
        <source>this bundle was trained on {trained}; {analyte} values cannot be used</source>
        <translation>このバンドルは {trained} で学習されています。{analyte} の値は使用できません</translation>
    </message>
    <message>
        <source>{analyte} value {value!r} is not a number</source>
        <translation>{analyte} の値 {value!r} は数値ではありません</translation>
    </message>
    <message>
        <source>{analyte} value {value!r} pg/mL is not a positive number</source>
        <translation>{analyte} の値 {value!r} pg/mL は正の数ではありません</translation>
    </message>
    <message>
        <source>BNP model must be a JSON object</source>
        <translation>BNP モデルは JSON オブジェクトである必要があります</translation>
    </message>
    <message>
        <source>BNP model lacks field {field!r}</source>
        <translation>BNP モデルに項目 {field!r} がありません</translation>
    </message>
    <message>
        <source>invalid BNP model: {error}</source>
        <translation>BNP モデルが不正です：{error}</translation>
    </message>
    <message>
        <source>BNP model parameters must be finite (scale &gt; 0)</source>
        <translation>BNP モデルのパラメーターは有限値である必要があります（scale &gt; 0）</translation>
    </message>
    <message>
        <source>already exists; choose a new folder (or overwrite=True)</source>
        <translation>既に存在します。新しいフォルダーを選んでください（または overwrite=True）</translation>
    </message>
    <message>
        <source>a format-2 bundle needs its logistic fusion and training record</source>
        <translation>形式 2 のバンドルには、ロジスティック統合モデルと学習記録が必要です</translation>
    </message>
    <message>
        <source>{name} is larger than {mib} MiB; not a PH-Assist bundle file</source>
        <translation>{name} が {mib} MiB を超えています。PH-Assist のバンドルファイルではありません</translation>
    </message>
    <message>
        <source>{name} cannot be read as JSON ({error})</source>
        <translation>{name} を JSON として読み込めません（{error}）</translation>
    </message>
    <message>
        <source>{name} is nested too deeply to be a PH-Assist bundle file</source>
        <translation>{name} の入れ子が深すぎます。PH-Assist のバンドルファイルではありません</translation>
    </message>
    <message>
        <source>model bundle folder not found</source>
        <translation>モデルバンドルのフォルダーが見つかりません</translation>
    </message>
    <message>
        <source>is not a folder; a model bundle is a folder</source>
        <translation>フォルダーではありません。モデルバンドルはフォルダーです</translation>
    </message>
    <message>
        <source>{manifest} is missing; not a complete model bundle</source>
        <translation>{manifest} がありません。完全なモデルバンドルではありません</translation>
    </message>
    <message>
        <source>{manifest} is not a PH-Assist model bundle manifest</source>
        <translation>{manifest} は PH-Assist のモデルバンドルのマニフェストではありません</translation>
    </message>
    <message>
        <source>{manifest} has no valid file list</source>
        <translation>{manifest} に有効なファイル一覧がありません</translation>
    </message>
    <message>
        <source>{manifest} has a malformed entry {entry!r}</source>
        <translation>{manifest} に不正な項目があります：{entry!r}</translation>
    </message>
    <message>
        <source>{manifest} lists {name} twice</source>
        <translation>{manifest} に {name} が2回記載されています</translation>
    </message>
    <message>
        <source>{manifest} has an invalid format version {version!r}</source>
        <translation>{manifest} の形式バージョン {version!r} が不正です</translation>
    </message>
    <message>
        <source>bundle format version {version} is newer than this PH-Assist reads (up to {supported}); update PH-Assist</source>
        <translation>バンドルの形式バージョン {version} は、この PH-Assist が読み込める範囲（{supported} まで）より新しいです。PH-Assist を更新してください</translation>
    </message>
    <message>
        <source>{manifest} does not list {name} (partial bundle)</source>
        <translation>{manifest} に {name} が記載されていません（不完全なバンドル）</translation>
    </message>
    <message>
        <source>{manifest} lists only one of ood.json and ood.safetensors (partial bundle)</source>
        <translation>{manifest} には ood.json と ood.safetensors の一方しか記載されていません（不完全なバンドル）</translation>
    </message>
    <message>
        <source>{name} is missing (partial bundle)</source>
        <translation>{name} がありません（不完全なバンドル）</translation>
    </message>
    <message>
        <source>{name} does not match its SHA-256 in {manifest} (modified or corrupt)</source>
        <translation>{name} が {manifest} の SHA-256 と一致しません（変更または破損）</translation>
    </message>
    <message>
        <source>the bundle ID in {manifest} does not match its file list (manifest modified)</source>
        <translation>{manifest} のバンドル ID がファイル一覧と一致しません（マニフェストが変更されています）</translation>
    </message>
    <message>
        <source>config.json is not a JSON object</source>
        <translation>config.json が JSON オブジェクトではありません</translation>
    </message>
    <message>
        <source>config.json is not a PH-Assist model bundle config (format {format!r})</source>
        <translation>config.json は PH-Assist のモデルバンドル設定ではありません（形式 {format!r}）</translation>
    </message>
    <message>
        <source>config.json has an invalid format version {version!r}</source>
        <translation>config.json の形式バージョン {version!r} が不正です</translation>
    </message>
    <message>
        <source>config.json lacks {fields}</source>
        <translation>config.json に {fields} がありません</translation>
    </message>
    <message>
        <source>{name} is not a valid safetensors file ({error})</source>
        <translation>{name} は有効な safetensors ファイルではありません（{error}）</translation>
    </message>
    <message>
        <source>missing {names}</source>
        <translation>不足：{names}</translation>
    </message>
    <message>
        <source>unexpected {names}</source>
        <translation>想定外：{names}</translation>
    </message>
    <message>
        <source>{name} does not fit the {what} architecture: {problems}</source>
        <translation>{name} が {what} のネットワーク構造に適合しません：{problems}</translation>
    </message>
    <message>
        <source>{name}: tensor {key} is {dtype} {shape}, the {what} architecture needs {ref_dtype} {ref_shape}</source>
        <translation>{name}：テンソル {key} は {dtype} {shape} ですが、{what} のネットワーク構造では {ref_dtype} {ref_shape} が必要です</translation>
    </message>
    <message>
        <source>{name}: tensor {key} contains NaN or infinite values</source>
        <translation>{name}：テンソル {key} に NaN または無限大の値が含まれています</translation>
    </message>
    <message>
        <source>config.json is not compatible: {error}</source>
        <translation>config.json に互換性がありません：{error}</translation>
    </message>
    <message>
        <source>config.json and manifest.json disagree on the format version</source>
        <translation>config.json と manifest.json で形式バージョンが一致しません</translation>
    </message>
    <message>
        <source>config.json: a format-2 bundle&apos;s fusion must be monotone</source>
        <translation>config.json：形式 2 のバンドルの統合モデルは単調である必要があります</translation>
    </message>
    <message>
        <source>{name} is not valid: {error}</source>
        <translation>{name} が不正です：{error}</translation>
    </message>
    <message>
        <source>calibration.json / thresholds.json are not valid: {error}</source>
        <translation>calibration.json / thresholds.json が不正です：{error}</translation>
    </message>
    <message>
        <source>a format-2 bundle needs calibration and thresholds per set of inputs</source>
        <translation>形式 2 のバンドルには、入力の組み合わせごとの較正と閾値が必要です</translation>
    </message>
    <message>
        <source>ood.json / ood.safetensors are not valid: {error}</source>
        <translation>ood.json / ood.safetensors が不正です：{error}</translation>
    </message>
    <message>
        <source>{detail}; refusing a bundle whose signature does not match it</source>
        <translation>{detail}。署名が一致しないバンドルは使用しません</translation>
    </message>
    <message>
        <source>bnp.json is for {analyte} but config.json says {expected}</source>
        <translation>bnp.json は {analyte} 用ですが、config.json では {expected} となっています</translation>
    </message>
    <message>
        <source>calibration must be a JSON object</source>
        <translation>較正は JSON オブジェクトである必要があります</translation>
    </message>
    <message>
        <source>calibration lacks field {field!r}</source>
        <translation>較正に項目 {field!r} がありません</translation>
    </message>
    <message>
        <source>invalid calibration: {error}</source>
        <translation>較正が不正です：{error}</translation>
    </message>
    <message>
        <source>invalid calibration parameters (non-finite, or a risk that would fall as the evidence rises)</source>
        <translation>較正パラメーターが不正です（有限値でないか、所見が強まるほどリスクが下がる設定です）</translation>
    </message>
    <message>
        <source>operating point lacks field {field!r}</source>
        <translation>判定閾値に項目 {field!r} がありません</translation>
    </message>
    <message>
        <source>invalid operating point: {error}</source>
        <translation>判定閾値が不正です：{error}</translation>
    </message>
    <message>
        <source>operating point {name!r} has non-finite values</source>
        <translation>判定閾値 {name!r} に有限でない値があります</translation>
    </message>
    <message>
        <source>thresholds must be a JSON object</source>
        <translation>閾値は JSON オブジェクトである必要があります</translation>
    </message>
    <message>
        <source>thresholds lack field {field!r}</source>
        <translation>閾値に項目 {field!r} がありません</translation>
    </message>
    <message>
        <source>invalid thresholds: {error}</source>
        <translation>閾値が不正です：{error}</translation>
    </message>
    <message>
        <source>model card must be a JSON object</source>
        <translation>モデルカードは JSON オブジェクトである必要があります</translation>
    </message>
    <message>
        <source>model card lacks field(s): {fields}</source>
        <translation>モデルカードに項目がありません：{fields}</translation>
    </message>
    <message>
        <source>invalid model card: {error}</source>
        <translation>モデルカードが不正です：{error}</translation>
    </message>
    <message>
        <source>ECG network config must be a JSON object</source>
        <translation>心電図ネットワークの設定は JSON オブジェクトである必要があります</translation>
    </message>
    <message>
        <source>unknown ECG network setting(s): {names}</source>
        <translation>心電図ネットワークの不明な設定：{names}</translation>
    </message>
    <message>
        <source>invalid ECG network config: {error}</source>
        <translation>心電図ネットワークの設定が不正です：{error}</translation>
    </message>
    <message>
        <source>fusion spec must be a JSON object</source>
        <translation>統合モデルの仕様は JSON オブジェクトである必要があります</translation>
    </message>
    <message>
        <source>fusion spec lacks field {field!r}</source>
        <translation>統合モデルの仕様に項目 {field!r} がありません</translation>
    </message>
    <message>
        <source>invalid fusion spec: {error}</source>
        <translation>統合モデルの仕様が不正です：{error}</translation>
    </message>
    <message>
        <source>fusion inputs {inputs} are not {expected}</source>
        <translation>統合モデルの入力 {inputs} が {expected} ではありません</translation>
    </message>
    <message>
        <source>invalid logistic fusion: {error}</source>
        <translation>ロジスティック統合モデルが不正です：{error}</translation>
    </message>
    <message>
        <source>logistic fusion needs 6 finite coefficients</source>
        <translation>ロジスティック統合モデルには有限値の係数が 6 個必要です</translation>
    </message>
    <message>
        <source>calibration and thresholds must be JSON objects</source>
        <translation>較正と閾値は JSON オブジェクトである必要があります</translation>
    </message>
    <message>
        <source>calibration.json and thresholds.json must both hold per_subset entries</source>
        <translation>calibration.json と thresholds.json の両方に per_subset の項目が必要です</translation>
    </message>
    <message>
        <source>unknown set of inputs {key!r}</source>
        <translation>不明な入力の組み合わせです：{key!r}</translation>
    </message>
    <message>
        <source>no calibration or thresholds for the inputs {key!r}</source>
        <translation>入力 {key!r} の較正または閾値がありません</translation>
    </message>
    <message>
        <source>thresholds for {key!r} must be a JSON object</source>
        <translation>{key!r} の閾値は JSON オブジェクトである必要があります</translation>
    </message>
    <message>
        <source>salt must be 32 hex digits</source>
        <translation>salt は 16 進数 32 桁である必要があります</translation>
    </message>
    <message>
        <source>roles must be among {roles}</source>
        <translation>役割は {roles} のいずれかである必要があります</translation>
    </message>
    <message>
        <source>malformed {key} hash</source>
        <translation>{key} のハッシュが不正です</translation>
    </message>
    <message>
        <source>invalid training record: {error}</source>
        <translation>学習記録が不正です：{error}</translation>
    </message>
    <message>
        <source>signed by {signer} (key {key_id})</source>
        <translation>{signer} が署名（鍵 {key_id}）</translation>
    </message>
    <message>
        <source>unverified origin: the bundle is not signed</source>
        <translation>出所未確認：バンドルに署名がありません</translation>
    </message>
    <message>
        <source>unverified origin: signed by {signer} (key {key_id}), a key this installation does not trust</source>
        <translation>出所未確認：{signer} が署名（鍵 {key_id}）していますが、このインストールでは信頼されていない鍵です</translation>
    </message>
    <message>
        <source>unverified origin: signed by an unknown signer (key {key_id}), a key this installation does not trust</source>
        <translation>出所未確認：不明な署名者が署名（鍵 {key_id}）していますが、このインストールでは信頼されていない鍵です</translation>
    </message>
    <message>
        <source>unverified origin: {detail}</source>
        <translation>出所未確認：{detail}</translation>
    </message>
    <message>
        <source>{path}: not a PH-Assist public key (expected &apos;ph-assist-ed25519 &lt;key&gt; &lt;name&gt;&apos;)</source>
        <translation>{path}：PH-Assist の公開鍵ではありません（想定される形式：&apos;ph-assist-ed25519 &lt;key&gt; &lt;name&gt;&apos;）</translation>
    </message>
    <message>
        <source>{path}: an Ed25519 public key has 32 bytes</source>
        <translation>{path}：Ed25519 公開鍵は 32 バイトです</translation>
    </message>
    <message>
        <source>signature.json is malformed</source>
        <translation>signature.json の形式が不正です</translation>
    </message>
    <message>
        <source>the signature is for another bundle ID (modified after signing)</source>
        <translation>署名が別のバンドル ID に対するものです（署名後に変更されています）</translation>
    </message>
    <message>
        <source>the signature does not verify (modified after signing)</source>
        <translation>署名を検証できません（署名後に変更されています）</translation>
    </message>
    <message>
        <source>{path}: not an Ed25519 private key</source>
        <translation>{path}：Ed25519 秘密鍵ではありません</translation>
    </message>
    <message>
        <source>retrieval cancelled; {n} file(s) already retrieved are kept in {folder}</source>
        <translation>取得を中止しました。取得済みの {n} ファイルは {folder} に残してあります</translation>
    </message>
    <message>
        <source>{problem}; {n} file(s) already retrieved are kept in {folder}</source>
        <translation>{problem}。取得済みの {n} ファイルは {folder} に残してあります</translation>
    </message>
    <message>
        <source>the studies&apos; {modalities} series hold no radiograph or ECG waveform instance ({n} other instance(s) skipped)</source>
        <translation>検査の {modalities} シリーズに胸部X線または心電図波形のインスタンスがありません（その他のインスタンス {n} 件をスキップ）</translation>
    </message>
    <message>
        <source>not a usable CA certificate file ({reason})</source>
        <translation>使用できる CA 証明書ファイルではありません（{reason}）</translation>
    </message>
    <message>
        <source>certificate or key not usable ({reason})</source>
        <translation>証明書または鍵を使用できません（{reason}）</translation>
    </message>
    <message>
        <source>no such file</source>
        <translation>ファイルが見つかりません</translation>
    </message>
    <message>
        <source>not valid TOML ({reason})</source>
        <translation>有効な TOML ではありません（{reason}）</translation>
    </message>
    <message>
        <source>unknown key {key!r} (expected calling_aet, [connections.NAME])</source>
        <translation>不明なキー {key!r} です（calling_aet または [connections.NAME] を指定してください）</translation>
    </message>
    <message>
        <source>&apos;connections&apos; must be a table of [connections.NAME] sections</source>
        <translation>&apos;connections&apos; は [connections.NAME] セクションのテーブルでなければなりません</translation>
    </message>
    <message>
        <source>no connection named {name!r} (configured: {known}); or give --dimse AET@HOST:PORT / --url URL</source>
        <translation>{name!r} という名前の接続はありません（設定済み: {known}）。または --dimse AET@HOST:PORT / --url URL を指定してください</translation>
    </message>
    <message>
        <source>no connection named {name!r} (configured: none); or give --dimse AET@HOST:PORT / --url URL</source>
        <translation>{name!r} という名前の接続はありません（設定済みの接続なし）。または --dimse AET@HOST:PORT / --url URL を指定してください</translation>
    </message>
    <message>
        <source>{text!r} is not AET@HOST:PORT (e.g. ORTHANC@127.0.0.1:4242)</source>
        <translation>{text!r} は AET@HOST:PORT の形式ではありません（例: ORTHANC@127.0.0.1:4242）</translation>
    </message>
    <message>
        <source>calling AE title</source>
        <translation>自分の AE タイトル</translation>
    </message>
    <message>
        <source>must be a table of keys (aet, host, port or url)</source>
        <translation>キーのテーブルでなければなりません（aet, host, port または url）</translation>
    </message>
    <message>
        <source>a DICOMweb connection (url)</source>
        <translation>DICOMweb 接続（url）</translation>
    </message>
    <message>
        <source>a DIMSE connection (aet, host, port)</source>
        <translation>DIMSE 接続（aet, host, port）</translation>
    </message>
    <message>
        <source>missing {keys} (or give url for DICOMweb)</source>
        <translation>{keys} がありません（DICOMweb の場合は url を指定してください）</translation>
    </message>
    <message>
        <source>retrieve must be &apos;get&apos; or &apos;move&apos;, not {value!r}</source>
        <translation>retrieve は &apos;get&apos; または &apos;move&apos; でなければなりません（{value!r} は不可）</translation>
    </message>
    <message>
        <source>retrieve = &apos;move&apos; needs move_port (the port our storage SCP listens on)</source>
        <translation>retrieve = &apos;move&apos; には move_port（自分のストレージ SCP が待ち受けるポート）が必要です</translation>
    </message>
    <message>
        <source>{key} needs tls = true</source>
        <translation>{key} には tls = true が必要です</translation>
    </message>
    <message>
        <source>retrieve = &apos;move&apos; is not offered over TLS (our storage SCP listens without TLS); use retrieve = &apos;get&apos;</source>
        <translation>retrieve = &apos;move&apos; は TLS では使用できません（自分のストレージ SCP は TLS なしで待ち受けます）。retrieve = &apos;get&apos; を使用してください</translation>
    </message>
    <message>
        <source>host must be a host name or IP address, not {host!r}</source>
        <translation>host はホスト名または IP アドレスでなければなりません（{host!r} は不可）</translation>
    </message>
    <message>
        <source>{key} must be true or false, not {value!r}</source>
        <translation>{key} は true または false でなければなりません（{value!r} は不可）</translation>
    </message>
    <message>
        <source>{key} must be a file path, not {value!r}</source>
        <translation>{key} はファイルパスでなければなりません（{value!r} は不可）</translation>
    </message>
    <message>
        <source>key_file goes with cert_file (our client certificate)</source>
        <translation>key_file は cert_file（自分のクライアント証明書）と組み合わせて指定してください</translation>
    </message>
    <message>
        <source>{key} must name an environment variable, not {value!r}</source>
        <translation>{key} には環境変数名を指定してください（{value!r} は不可）</translation>
    </message>
    <message>
        <source>username must be a non-empty name without &apos;:&apos;</source>
        <translation>username は &apos;:&apos; を含まない空でない名前でなければなりません</translation>
    </message>
    <message>
        <source>give one secret: password_env, password_file, token_env or token_file</source>
        <translation>認証情報は 1 つだけ指定してください：password_env, password_file, token_env または token_file</translation>
    </message>
    <message>
        <source>username goes with password_env or password_file (basic authentication)</source>
        <translation>username は password_env または password_file と組み合わせて指定してください（Basic 認証）</translation>
    </message>
    <message>
        <source>credentials are sent only over https; the url is http</source>
        <translation>認証情報は https でのみ送信します。url が http です</translation>
    </message>
    <message>
        <source>environment variable {variable} is not set or empty</source>
        <translation>環境変数 {variable} が未設定か空です</translation>
    </message>
    <message>
        <source>secret file cannot be read ({reason})</source>
        <translation>認証情報ファイルを読み込めません（{reason}）</translation>
    </message>
    <message>
        <source>secret file is empty</source>
        <translation>認証情報ファイルが空です</translation>
    </message>
    <message>
        <source>connection name {name!r}: use letters, digits, &apos;_&apos;, &apos;-&apos;, &apos;.&apos; (max 64)</source>
        <translation>接続名 {name!r}：英字、数字、&apos;_&apos;、&apos;-&apos;、&apos;.&apos; を使用してください（最大 64 文字）</translation>
    </message>
    <message>
        <source>unknown key {key!r} for {what}; allowed: {allowed}</source>
        <translation>{what}に不明なキー {key!r} があります。使用できるキー: {allowed}</translation>
    </message>
    <message>
        <source>{key} {value!r} is not an AE title (1-16 printable ASCII characters, no backslash)</source>
        <translation>{key} {value!r} は AE タイトルではありません（表示可能な ASCII 文字で 1〜16 文字、バックスラッシュ不可）</translation>
    </message>
    <message>
        <source>{key} must be an integer from {low:g} to {high:g}, not {value!r}</source>
        <translation>{key} は {low:g}〜{high:g} の整数でなければなりません（{value!r} は不可）</translation>
    </message>
    <message>
        <source>{key} must be a number from {low:g} to {high:g}, not {value!r}</source>
        <translation>{key} は {low:g}〜{high:g} の数値でなければなりません（{value!r} は不可）</translation>
    </message>
    <message>
        <source>url must be text, not {value!r}</source>
        <translation>url はテキストでなければなりません（{value!r} は不可）</translation>
    </message>
    <message>
        <source>url {value!r} has an invalid port</source>
        <translation>url {value!r} のポートが無効です</translation>
    </message>
    <message>
        <source>url {value!r} is not an http(s) URL such as http://host:8042/dicom-web</source>
        <translation>url {value!r} は http(s) の URL ではありません（例: http://host:8042/dicom-web）</translation>
    </message>
    <message>
        <source>url must not hold a user name or password</source>
        <translation>url にユーザー名やパスワードを含めることはできません</translation>
    </message>
    <message>
        <source>url must be the service root, without &apos;?&apos; or &apos;#&apos;</source>
        <translation>url はサービスルートでなければなりません（&apos;?&apos; や &apos;#&apos; は不可）</translation>
    </message>
    <message>
        <source>{what}: HTTP {code} (authentication required)</source>
        <translation>{what}: HTTP {code}（認証が必要です）</translation>
    </message>
    <message>
        <source>{what}: HTTP {code} (access denied)</source>
        <translation>{what}: HTTP {code}（アクセスが拒否されました）</translation>
    </message>
    <message>
        <source>{what}: HTTP {code} (no such resource; is the URL the DICOMweb root?)</source>
        <translation>{what}: HTTP {code}（リソースがありません。URL は DICOMweb のルートですか？）</translation>
    </message>
    <message>
        <source>{what}: HTTP {code}</source>
        <translation>{what}: HTTP {code}</translation>
    </message>
    <message>
        <source>{what}: the server&apos;s certificate is not trusted (set ca_file to its CA)</source>
        <translation>{what}: サーバーの証明書が信頼されていません（ca_file にその CA を設定してください）</translation>
    </message>
    <message>
        <source>{what}: TLS handshake failed (is it an https port?)</source>
        <translation>{what}: TLS ハンドシェイクに失敗しました（https のポートですか？）</translation>
    </message>
    <message>
        <source>{what}: no answer within {timeout:g} s</source>
        <translation>{what}: {timeout:g} 秒以内に応答がありません</translation>
    </message>
    <message>
        <source>{what}: connection refused (is the server running, is the port right?)</source>
        <translation>{what}: 接続が拒否されました（サーバーは起動していますか？ポートは正しいですか？）</translation>
    </message>
    <message>
        <source>{what}: cannot connect (server down or unreachable)</source>
        <translation>{what}: 接続できません（サーバーが停止しているか到達できません）</translation>
    </message>
    <message>
        <source>{what}: the answer is not DICOMweb ({reason})</source>
        <translation>{what}: 応答が DICOMweb ではありません（{reason}）</translation>
    </message>
    <message>
        <source>QIDO-RS study search</source>
        <translation>QIDO-RS 検査検索</translation>
    </message>
    <message>
        <source>QIDO-RS series search</source>
        <translation>QIDO-RS シリーズ検索</translation>
    </message>
    <message>
        <source>{n} instance(s) could not be saved: {reason}</source>
        <translation>{n} インスタンスを保存できませんでした：{reason}</translation>
    </message>
    <message>
        <source>TLS: the PACS&apos;s certificate is not trusted ({reason}; set ca_file to its CA)</source>
        <translation>TLS: PACS の証明書が信頼されていません（{reason}。ca_file にその CA を設定してください）</translation>
    </message>
    <message>
        <source>TLS handshake failed at {where} ({reason}; is it the TLS port, does it need our certificate?)</source>
        <translation>{where} で TLS ハンドシェイクに失敗しました（{reason}。TLS のポートですか？自分の証明書が必要ですか？）</translation>
    </message>
    <message>
        <source>unknown host {host!r}</source>
        <translation>不明なホスト {host!r} です</translation>
    </message>
    <message>
        <source>connection refused at {where} (is the PACS running, is the port right?)</source>
        <translation>{where} で接続が拒否されました（PACS は起動していますか？ポートは正しいですか？）</translation>
    </message>
    <message>
        <source>no answer from {where} within {timeout:g} s</source>
        <translation>{where} から {timeout:g} 秒以内に応答がありません</translation>
    </message>
    <message>
        <source>cannot connect to {where} ({reason})</source>
        <translation>{where} に接続できません（{reason}）</translation>
    </message>
    <message>
        <source>the PACS rejected the association (our AE title {calling_aet!r}, called AE title {called_aet!r}: is ours registered there?)</source>
        <translation>PACS がアソシエーションを拒否しました（自分の AE タイトル {calling_aet!r}、相手の AE タイトル {called_aet!r}：自分の AE タイトルは PACS に登録されていますか？）</translation>
    </message>
    <message>
        <source>no association within {timeout:g} s (the server aborted or did not answer; is it a DICOM port?)</source>
        <translation>{timeout:g} 秒以内にアソシエーションを確立できません（サーバーが中断したか応答しません。DICOM のポートですか？）</translation>
    </message>
    <message>
        <source>{what}: no answer within {timeout:g} s, or the association was aborted</source>
        <translation>{what}: {timeout:g} 秒以内に応答がないか、アソシエーションが中断されました</translation>
    </message>
    <message>
        <source>{what} failed (status 0x{status:04X}: {comment})</source>
        <translation>{what} が失敗しました（ステータス 0x{status:04X}: {comment}）</translation>
    </message>
    <message>
        <source>{what} failed (status 0x{status:04X})</source>
        <translation>{what} が失敗しました（ステータス 0x{status:04X}）</translation>
    </message>
    <message>
        <source>an instance could not be saved ({error})</source>
        <translation>インスタンスを保存できませんでした（{error}）</translation>
    </message>
    <message>
        <source>cannot listen on port {port} for C-MOVE ({reason})</source>
        <translation>C-MOVE 用にポート {port} で待ち受けできません（{reason}）</translation>
    </message>
    <message>
        <source>{what}: {n} instance(s) were not received (status 0x{status:04X}); the files received are kept</source>
        <translation>{what}: {n} インスタンスを受信できませんでした（ステータス 0x{status:04X}）。受信済みのファイルは残してあります</translation>
    </message>
    <message>
        <source>{what}: some instance(s) were not received (status 0x{status:04X}); the files received are kept</source>
        <translation>{what}: 一部のインスタンスを受信できませんでした（ステータス 0x{status:04X}）。受信済みのファイルは残してあります</translation>
    </message>
    <message>
        <source>C-STORE: the PACS does not accept {sop_class} ({transfer_syntax})</source>
        <translation>C-STORE: PACS が {sop_class}（{transfer_syntax}）を受け付けません</translation>
    </message>
    <message>
        <source>{problem}; {n} of {total} stored before it ({stored})</source>
        <translation>{problem}。それまでに {total} 件中 {n} 件を保存済みです（{stored}）</translation>
    </message>
    <message>
        <source>no study {study_uid} with a CR, DX or ECG series</source>
        <translation>CR、DX または ECG のシリーズを含む検査 {study_uid} がありません</translation>
    </message>
    <message>
        <source>no chest X-ray Grad-CAM map to store (assess with explanations)</source>
        <translation>保存する胸部X線の Grad-CAM マップがありません（説明付きで評価してください）</translation>
    </message>
    <message>
        <source>the Grad-CAM map ({map_shape}) is not on the radiograph ({image_shape})</source>
        <translation>Grad-CAM マップ（{map_shape}）が胸部X線（{image_shape}）と一致しません</translation>
    </message>
    <message>
        <source>the radiograph has no {keyword}; cannot place the overlay in its study</source>
        <translation>胸部X線に {keyword} がありません。オーバーレイをその検査に配置できません</translation>
    </message>
    <message>
        <source>{value!r} is not a date (YYYY-MM-DD)</source>
        <translation>{value!r} は日付ではありません（YYYY-MM-DD）</translation>
    </message>
    <message>
        <source>{value!r} is not a DICOM UID (digits and dots, e.g. 1.2.840.113619.2.1)</source>
        <translation>{value!r} は DICOM UID ではありません（数字とドット。例: 1.2.840.113619.2.1）</translation>
    </message>
    <message>
        <source>the date range ends ({end}) before it starts ({start})</source>
        <translation>日付範囲の終了日（{end}）が開始日（{start}）より前です</translation>
    </message>
    <message>
        <source>{modality!r} is not one PH-Assist reads (CR, DX, ECG)</source>
        <translation>{modality!r} は PH-Assist が読み込むモダリティではありません（CR, DX, ECG）</translation>
    </message>
    <message>
        <source>must be 1-64 characters without wildcards (* ?), backslash or control characters</source>
        <translation>ワイルドカード（* ?）、バックスラッシュ、制御文字を含まない 1〜64 文字でなければなりません</translation>
    </message>
    <message>
        <source>cannot be read again to reference it ({reason})</source>
        <translation>参照のために再度読み込むことができません（{reason}）</translation>
    </message>
    <message>
        <source>storing on a PACS needs a DICOM radiograph or ECG (its study and patient are the result&apos;s); these inputs are other formats</source>
        <translation>PACS への保存には DICOM の胸部X線または心電図が必要です（その検査と患者が結果の検査と患者になります）。これらの入力は別の形式です</translation>
    </message>
    <message>
        <source>an assessment SR needs the radiograph or ECG it was computed from</source>
        <translation>評価の SR には、計算に用いた胸部X線または心電図が必要です</translation>
    </message>
    <message>
        <source>not a PH-Assist assessment SR</source>
        <translation>PH-Assist の評価 SR ではありません</translation>
    </message>
    <message>
        <source>{n} patients have a radiograph in that range, more than {max_cases}; narrow the dates</source>
        <translation>その期間に胸部X線のある患者が {n} 人で、上限の {max_cases} 人を超えています。日付を絞り込んでください</translation>
    </message>
    <message>
        <source>{case_id}: the PACS sent no ECG</source>
        <translation>{case_id}: PACS から心電図が送られませんでした</translation>
    </message>
    <message>
        <source>{case_id}: the PACS sent no radiograph</source>
        <translation>{case_id}: PACS から胸部X線が送られませんでした</translation>
    </message>
    <message>
        <source>size must be an integer within {low}-{high}, got {value!r}</source>
        <translation>size は {low}-{high} の整数で指定してください（{value!r} は不可）</translation>
    </message>
    <message>
        <source>rule must be one of {rules}, got {value!r}</source>
        <translation>rule は {rules} のいずれかで指定してください（{value!r} は不可）</translation>
    </message>
    <message>
        <source>pad_value must be within [0, 1], got {value!r}</source>
        <translation>pad_value は [0, 1] の範囲で指定してください（{value!r} は不可）</translation>
    </message>
    <message>
        <source>std must be positive, got {value!r}</source>
        <translation>std は正の値で指定してください（{value!r} は不可）</translation>
    </message>
    <message>
        <source>CXR preprocessing config must be a JSON object</source>
        <translation>胸部X線の前処理設定は JSON オブジェクトでなければなりません</translation>
    </message>
    <message>
        <source>unknown CXR preprocessing setting(s): {names}</source>
        <translation>不明な胸部X線の前処理設定があります：{names}</translation>
    </message>
    <message>
        <source>invalid CXR preprocessing config: {error}</source>
        <translation>胸部X線の前処理設定が不正です：{error}</translation>
    </message>
    <message>
        <source>target_fs must be an integer &gt;= 50 Hz, got {value!r}</source>
        <translation>target_fs は 50 Hz 以上の整数で指定してください（{value!r} は不可）</translation>
    </message>
    <message>
        <source>duration_s must be within 0.5-120 s, got {value!r}</source>
        <translation>duration_s は 0.5-120 s の範囲で指定してください（{value!r} は不可）</translation>
    </message>
    <message>
        <source>highpass_hz must be within 0-{nyquist:g} Hz or None, got {value!r}</source>
        <translation>highpass_hz は 0-{nyquist:g} Hz の範囲または None で指定してください（{value!r} は不可）</translation>
    </message>
    <message>
        <source>powerline_hz must be 50, 60 or None, got {value!r}</source>
        <translation>powerline_hz は 50、60 または None で指定してください（{value!r} は不可）</translation>
    </message>
    <message>
        <source>a {notch} Hz notch needs target_fs &gt; {minimum} Hz</source>
        <translation>{notch} Hz のノッチには target_fs &gt; {minimum} Hz が必要です</translation>
    </message>
    <message>
        <source>highpass_order must be 1-8, got {value!r}</source>
        <translation>highpass_order は 1-8 で指定してください（{value!r} は不可）</translation>
    </message>
    <message>
        <source>notch_q must be positive, got {value!r}</source>
        <translation>notch_q は正の値で指定してください（{value!r} は不可）</translation>
    </message>
    <message>
        <source>clip_mv and scale_mv must be positive</source>
        <translation>clip_mv と scale_mv は正の値で指定してください</translation>
    </message>
    <message>
        <source>crop must be one of {rules}, got {value!r}</source>
        <translation>crop は {rules} のいずれかで指定してください（{value!r} は不可）</translation>
    </message>
    <message>
        <source>pad must be one of {rules}, got {value!r}</source>
        <translation>pad は {rules} のいずれかで指定してください（{value!r} は不可）</translation>
    </message>
    <message>
        <source>filter_margin_s must be within 0-10 s, got {value!r}</source>
        <translation>filter_margin_s は 0-10 s の範囲で指定してください（{value!r} は不可）</translation>
    </message>
    <message>
        <source>ECG preprocessing config must be a JSON object</source>
        <translation>心電図の前処理設定は JSON オブジェクトでなければなりません</translation>
    </message>
    <message>
        <source>unknown ECG preprocessing setting(s): {names}</source>
        <translation>不明な心電図の前処理設定があります：{names}</translation>
    </message>
    <message>
        <source>invalid ECG preprocessing config: {error}</source>
        <translation>心電図の前処理設定が不正です：{error}</translation>
    </message>
    <message>
        <source>the Japanese font (package matplotlib-fontja) is not installed; pip install matplotlib-fontja, or write the report with --lang en</source>
        <translation>日本語フォント（パッケージ matplotlib-fontja）がインストールされていません。pip install matplotlib-fontja を実行するか、--lang en でレポートを作成してください</translation>
    </message>
    <message>
        <source>a report is a PDF file; use a name ending in .pdf</source>
        <translation>レポートは PDF ファイルです。拡張子が .pdf の名前を指定してください</translation>
    </message>
    <message>
        <source>folder not found</source>
        <translation>フォルダーが見つかりません</translation>
    </message>
    <message>
        <source>train one with `ph-assist train` or point PH_ASSIST_BUNDLE / --bundle at a bundle folder</source>
        <translation>`ph-assist train` で学習するか、PH_ASSIST_BUNDLE / --bundle でバンドルフォルダーを指定してください</translation>
    </message>
    <message>
        <source>check the --bundle path</source>
        <translation>--bundle のパスを確認してください</translation>
    </message>
    <message>
        <source>model bundle not found; {hint}</source>
        <translation>モデルバンドルが見つかりません。{hint}</translation>
    </message>
    <message>
        <source>is a folder, not a CSV file</source>
        <translation>フォルダーです。CSV ファイルではありません</translation>
    </message>
    <message>
        <source>cannot read the file ({error})</source>
        <translation>ファイルを読み込めません（{error}）</translation>
    </message>
    <message>
        <source>the file is empty (no header row)</source>
        <translation>ファイルが空です（ヘッダー行がありません）</translation>
    </message>
    <message>
        <source>row {row}: column(s) {columns} appear more than once in the header</source>
        <translation>{row} 行目: 列 {columns} がヘッダーに複数回あります</translation>
    </message>
    <message>
        <source>missing required column(s) {missing} (the header row has: {header}; needed: {needed}, optional: decision)</source>
        <translation>必須の列 {missing} がありません（ヘッダー行の列: {header}。必須: {needed}、任意: decision）</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>row {row}: {fields} fields but the header has {header}</source>
        <translation>{row} 行目: フィールドが {fields} 個ありますが、ヘッダーは {header} 個です</translation>
    </message>
    <message>
        <source>row {row}</source>
        <translation>{row} 行目</translation>
    </message>
    <message>
        <source>row {row}: malformed CSV ({error})</source>
        <translation>{row} 行目: CSV の形式が不正です（{error}）</translation>
    </message>
    <message>
        <source>the file has a header but no reads</source>
        <translation>ヘッダーはありますが、読影がありません</translation>
    </message>
    <message>
        <source>found {n} treatment(s) ({treatments}); a reader study needs exactly two (e.g. &apos;unaided&apos; and &apos;aided&apos;)</source>
        <translation>条件が {n} 個あります（{treatments}）。読影試験にはちょうど2つの条件が必要です（例: &apos;unaided&apos; と &apos;aided&apos;）</translation>
    </message>
    <message>
        <source>treatment(s) {treatments} not in the modality order given</source>
        <translation>条件 {treatments} が指定されたモダリティ順にありません</translation>
    </message>
    <message>
        <source>unknown rating scale {scale!r}; use one of: {scales}</source>
        <translation>評価尺度 {scale!r} は不明です：{scales} のいずれかを指定してください</translation>
    </message>
    <message>
        <source>the {what} must be text, not {type}</source>
        <translation>{what}はテキストで指定してください（{type} は不可）</translation>
    </message>
    <message>
        <source>the {what} is longer than {limit} characters</source>
        <translation>{what}が {limit} 文字を超えています</translation>
    </message>
    <message>
        <source>question</source>
        <translation>質問</translation>
    </message>
    <message>
        <source>the question is empty</source>
        <translation>質問が空です</translation>
    </message>
    <message>
        <source>action question</source>
        <translation>追加質問</translation>
    </message>
    <message>
        <source>instructions text</source>
        <translation>読影者への説明</translation>
    </message>
    <message>
        <source>{flag} must be True or False, not {value!r}</source>
        <translation>{flag} は True または False で指定してください（{value!r} は不可）</translation>
    </message>
    <message>
        <source>practice case(s) {cases} listed more than once</source>
        <translation>練習症例 {cases} が複数回指定されています</translation>
    </message>
    <message>
        <source>unknown protocol field(s) {fields} (written by a newer PH-Assist?)</source>
        <translation>不明なプロトコル項目 {fields} があります（新しいバージョンの PH-Assist で作成された可能性があります）</translation>
    </message>
    <message>
        <source>this study asks PH yes/no and a confidence 0-100: give ph and confidence, not a rating</source>
        <translation>この読影試験の回答は PH はい/いいえと確信度 0-100 です：評定値ではなく ph と confidence を指定してください</translation>
    </message>
    <message>
        <source>this study asks PH yes/no and a confidence 0-100: give both</source>
        <translation>この読影試験の回答は PH はい/いいえと確信度 0-100 です：両方を指定してください</translation>
    </message>
    <message>
        <source>this study asks for a rating on the {scale}: give rating, not ph and confidence</source>
        <translation>この読影試験の回答は「{scale}」による評定値です：ph と confidence ではなく rating を指定してください</translation>
    </message>
    <message>
        <source>the rating must be a whole number {lo}-{hi}, not {rating!r}</source>
        <translation>評定値は {lo}-{hi} の整数で指定してください（{rating!r} は不可）</translation>
    </message>
    <message>
        <source>the rating must be between {lo} and {hi}, not {rating}</source>
        <translation>評定値は {lo} から {hi} の範囲で指定してください（{rating} は不可）</translation>
    </message>
    <message>
        <source>{key}: the key file must be outside the study folder (readers open {folder}); choose another place, e.g. the coordinator&apos;s own folder</source>
        <translation>{key}: 正解キーファイルは読影試験フォルダーの外に置いてください（読影者は {folder} を開きます）：管理者専用のフォルダーなど別の場所を選んでください</translation>
    </message>
    <message>
        <source>{key}: already exists; a key file is never overwritten</source>
        <translation>{key}: 既に存在します：正解キーファイルは上書きしません</translation>
    </message>
    <message>
        <source>{key}: {parent} is not a folder</source>
        <translation>{key}: {parent} はフォルダーではありません</translation>
    </message>
    <message>
        <source>{path}: key file not found</source>
        <translation>{path}: 正解キーファイルが見つかりません</translation>
    </message>
    <message>
        <source>{path}: unreadable key file ({reason})</source>
        <translation>{path}: 正解キーファイルを読み込めません（{reason}）</translation>
    </message>
    <message>
        <source>{path}: not the key of study {name!r} (its SHA-256 differs from the one recorded in study.json)</source>
        <translation>{path}: 読影試験 {name!r} の正解キーではありません（SHA-256 が study.json に記録された値と異なります）</translation>
    </message>
    <message>
        <source>{path}: not a PH-Assist study key file (not JSON)</source>
        <translation>{path}: PH-Assist の読影試験の正解キーファイルではありません（JSON ではありません）</translation>
    </message>
    <message>
        <source>{path}: not the key file of study {name!r}</source>
        <translation>{path}: 読影試験 {name!r} の正解キーファイルではありません</translation>
    </message>
    <message>
        <source>{path}: malformed key file (labels)</source>
        <translation>{path}: 正解キーファイルの形式が不正です（labels）</translation>
    </message>
    <message>
        <source>{path}: malformed key file (labels missing or not 0/1)</source>
        <translation>{path}: 正解キーファイルの形式が不正です（labels が欠けているか 0/1 ではありません）</translation>
    </message>
    <message>
        <source>row {row}: {problem}</source>
        <translation>{row} 行目: {problem}</translation>
    </message>
    <message>
        <source>row {row}: case_id is longer than {limit} characters</source>
        <translation>{row} 行目: case_id が {limit} 文字を超えています</translation>
    </message>
    <message>
        <source>row {row}: {column} {shown!r} of case {case_id!r} not found (looked for {path})</source>
        <translation>{row} 行目: 症例 {case_id!r} の {column} {shown!r} が見つかりません（探した場所: {path}）</translation>
    </message>
    <message>
        <source>row {row}: case {case_id!r} has neither an ECG nor a chest X-ray</source>
        <translation>{row} 行目: 症例 {case_id!r} には心電図も胸部X線もありません</translation>
    </message>
    <message>
        <source>row {row}: bnp {bnp!r} of case {case_id!r} has no bnp_unit (pg/mL, ng/L or pmol/L)</source>
        <translation>{row} 行目: 症例 {case_id!r} の bnp {bnp!r} に bnp_unit（pg/mL、ng/L または pmol/L）がありません</translation>
    </message>
    <message>
        <source>row {row}: case {case_id!r}: {problem}</source>
        <translation>{row} 行目: 症例 {case_id!r}: {problem}</translation>
    </message>
    <message>
        <source>the manifest has no cases</source>
        <translation>マニフェストに症例がありません</translation>
    </message>
    <message>
        <source>no PH case (label 1): a reader study needs at least one case of each</source>
        <translation>PH の症例（label 1）がありません：読影試験には PH あり・PH なしの症例が少なくとも1例ずつ必要です</translation>
    </message>
    <message>
        <source>no case without PH (label 0): a reader study needs at least one case of each</source>
        <translation>PH でない症例（label 0）がありません：読影試験には PH あり・PH なしの症例が少なくとも1例ずつ必要です</translation>
    </message>
    <message>
        <source>row {row}: fhir_path of case {case_id!r}: {problem}</source>
        <translation>{row} 行目: 症例 {case_id!r} の fhir_path: {problem}</translation>
    </message>
    <message>
        <source>row {row}: fhir_path of case {case_id!r} holds {analyte}; a reader study shows BNP</source>
        <translation>{row} 行目: 症例 {case_id!r} の fhir_path は {analyte} です：読影試験で表示するのは BNP です</translation>
    </message>
    <message>
        <source>case {case_id!r} is not in study {name!r}</source>
        <translation>症例 {case_id!r} は読影試験 {name!r} に含まれていません</translation>
    </message>
    <message>
        <source>study {name!r}: the ground truth is in the coordinator&apos;s key file, not in the study folder; give it (ph-assist study analyze STUDY --key KEY.json)</source>
        <translation>読影試験 {name!r}: 正解は読影試験フォルダーではなく管理者の正解キーファイルにあります：正解キーファイルを指定してください（ph-assist study analyze STUDY --key KEY.json）</translation>
    </message>
    <message>
        <source>the labels are not loaded in a reader&apos;s session</source>
        <translation>読影者のセッションでは正解ラベルを読み込みません</translation>
    </message>
    <message>
        <source>unknown design {design!r}; use one of: {designs}</source>
        <translation>デザイン {design!r} は不明です：{designs} のいずれかを指定してください</translation>
    </message>
    <message>
        <source>a study needs at least one reader</source>
        <translation>読影試験には読影者が少なくとも1名必要です</translation>
    </message>
    <message>
        <source>reader ID {reader!r} is not valid: use a pseudonym of letters, digits, &apos;_&apos;, &apos;.&apos;, &apos;-&apos; (up to 32 characters, e.g. R01), never a name</source>
        <translation>読影者ID {reader!r} は無効です：英字、数字、&apos;_&apos;、&apos;.&apos;、&apos;-&apos; からなる仮名（32文字以内、例: R01）を使用してください。氏名は使用できません</translation>
    </message>
    <message>
        <source>reader ID(s) {readers} appear more than once</source>
        <translation>読影者ID {readers} が複数回指定されています</translation>
    </message>
    <message>
        <source>the seed must be a non-negative whole number, not {seed!r}</source>
        <translation>シードは 0 以上の整数で指定してください（{seed!r} は不可）</translation>
    </message>
    <message>
        <source>the washout must be a whole number of days &gt;= 1, not {days!r}</source>
        <translation>ウォッシュアウト期間は 1 以上の整数（日数）で指定してください（{days!r} は不可）</translation>
    </message>
    <message>
        <source>{folder}: exists and is not a folder</source>
        <translation>{folder}: 既に存在し、フォルダーではありません</translation>
    </message>
    <message>
        <source>{folder}: already holds a study; choose a new or empty folder</source>
        <translation>{folder}: 既に読影試験があります：新規または空のフォルダーを選んでください</translation>
    </message>
    <message>
        <source>{folder}: is not empty; choose a new or empty folder</source>
        <translation>{folder}: 空ではありません：新規または空のフォルダーを選んでください</translation>
    </message>
    <message>
        <source>{manifest}: practice case(s) {cases} are not in the manifest</source>
        <translation>{manifest}: 練習症例 {cases} がマニフェストにありません</translation>
    </message>
    <message>
        <source>{manifest}: without the practice cases no case of each kind (PH and no PH) is left to analyse</source>
        <translation>{manifest}: 練習症例を除くと、解析する症例に PH あり・PH なしの両方がそろいません</translation>
    </message>
    <message>
        <source>{folder}: not a folder (expected a study folder made by &apos;ph-assist study create&apos;)</source>
        <translation>{folder}: フォルダーではありません（&apos;ph-assist study create&apos; で作成した読影試験フォルダーを指定してください）</translation>
    </message>
    <message>
        <source>{folder}: not a study folder (no {file})</source>
        <translation>{folder}: 読影試験フォルダーではありません（{file} がありません）</translation>
    </message>
    <message>
        <source>{path}: unreadable study file ({problem})</source>
        <translation>{path}: 読影試験ファイルを読み込めません（{problem}）</translation>
    </message>
    <message>
        <source>{path}: not a PH-Assist study file</source>
        <translation>{path}: PH-Assist の読影試験ファイルではありません</translation>
    </message>
    <message>
        <source>{path}: unknown study format version {version!r} (this PH-Assist reads versions {versions})</source>
        <translation>{path}: 読影試験ファイルの形式バージョン {version!r} は不明です（この PH-Assist が読めるのはバージョン {versions}）</translation>
    </message>
    <message>
        <source>{path}: malformed study file ({error_type}: {problem})</source>
        <translation>{path}: 読影試験ファイルの形式が不正です（{error_type}: {problem}）</translation>
    </message>
    <message>
        <source>{path}: malformed study file (design or readers)</source>
        <translation>{path}: 読影試験ファイルの形式が不正です（design または readers）</translation>
    </message>
    <message>
        <source>{path}: missing (the study&apos;s list of case files)</source>
        <translation>{path}: ありません（読影試験の症例ファイル一覧）</translation>
    </message>
    <message>
        <source>{path}: unreadable list of case files ({error_type})</source>
        <translation>{path}: 症例ファイル一覧を読み込めません（{error_type}）</translation>
    </message>
    <message>
        <source>{path}: not the list of case files of {study_file}</source>
        <translation>{path}: {study_file} の症例ファイル一覧ではありません</translation>
    </message>
    <message>
        <source>{path}: malformed entry for case {case_id!r}</source>
        <translation>{path}: 症例 {case_id!r} の項目の形式が不正です</translation>
    </message>
    <message>
        <source>{log}: belongs to another study than {study_file}</source>
        <translation>{log}: {study_file} とは別の読影試験のログです</translation>
    </message>
    <message>
        <source>{log}: its reading plan differs from {study_file}</source>
        <translation>{log}: 読影計画が {study_file} と異なります</translation>
    </message>
    <message>
        <source>reader {reader!r} has read every case of study {name!r}</source>
        <translation>読影者 {reader!r} は読影試験 {name!r} の全症例を読影済みです</translation>
    </message>
    <message>
        <source>reader {reader!r}: the session is paused; resume it first</source>
        <translation>読影者 {reader!r}: セッションは中断中です：先に再開してください</translation>
    </message>
    <message>
        <source>this study asks no action question; leave action out</source>
        <translation>この読影試験には追加質問がありません：action は指定しないでください</translation>
    </message>
    <message>
        <source>answer the action question ({question!r}) with yes or no (True/False)</source>
        <translation>追加質問（{question!r}）には はい/いいえ（True/False）で回答してください</translation>
    </message>
    <message>
        <source>the comment must be text, not {type}</source>
        <translation>コメントはテキストで指定してください（{type} は不可）</translation>
    </message>
    <message>
        <source>this study takes no comments; leave comment out</source>
        <translation>この読影試験ではコメントを受け付けません：comment は指定しないでください</translation>
    </message>
    <message>
        <source>the comment is longer than {limit} characters ({n})</source>
        <translation>コメントが {limit} 文字を超えています（{n} 文字）</translation>
    </message>
    <message>
        <source>study {name!r} is read with model bundle {bundle}, not {other}</source>
        <translation>読影試験 {name!r} はモデルバンドル {bundle} で読影します（{other} ではありません）</translation>
    </message>
    <message>
        <source>reader {reader}, case {case}: the read has neither a rating nor a confidence</source>
        <translation>読影者 {reader}、症例 {case}: この読影には評定値も確信度もありません</translation>
    </message>
    <message>
        <source>{folder}: no answer has been locked yet; nothing to analyse</source>
        <translation>{folder}: まだ確定された回答がありません。解析対象がありません</translation>
    </message>
    <message>
        <source> (practice cases are never analysed)</source>
        <translation>（練習症例は解析されません）</translation>
    </message>
    <message>
        <source>{folder}: no reader has locked reads both without and with the AI yet; nothing to analyse</source>
        <translation>{folder}: AI なしと AI ありの両方で読影を確定した読影者がまだいません。解析対象がありません</translation>
    </message>
    <message>
        <source>reader {reader}, case {case}, {condition}</source>
        <translation>読影者 {reader}、症例 {case}、{condition}</translation>
    </message>
    <message>
        <source>{source}: no case has been read by every reader both without and with the AI yet; nothing to analyse</source>
        <translation>{source}: AI なしと AI ありの両方で全読影者が読影した症例がまだありません。解析対象がありません</translation>
    </message>
    <message>
        <source>{path}: exists and is not a folder</source>
        <translation>{path}: すでに存在し、フォルダーではありません</translation>
    </message>
    <message>
        <source>nothing to export: give a long-CSV and/or an iMRMC output file</source>
        <translation>エクスポートするものがありません: long-CSV と iMRMC の出力ファイルのいずれか、または両方を指定してください</translation>
    </message>
    <message>
        <source>read {n}</source>
        <translation>読影 {n}</translation>
    </message>
    <message>
        <source>no reads (the table is empty)</source>
        <translation>読影がありません（表が空です）</translation>
    </message>
    <message>
        <source>decision threshold {threshold!r} is not a finite number</source>
        <translation>判定閾値 {threshold!r} は有限の数値ではありません</translation>
    </message>
    <message>
        <source>{read}: decision is missing; give a 0/1 decision for every read or for none</source>
        <translation>{read}: decision がありません。0/1 の decision はすべての読影に指定するか、どの読影にも指定しないでください</translation>
    </message>
    <message>
        <source>{read}: {column} is empty</source>
        <translation>{read}: {column} が空です</translation>
    </message>
    <message>
        <source>{read}: truth {value} must be 0 or 1</source>
        <translation>{read}: truth {value} は 0 または 1 でなければなりません</translation>
    </message>
    <message>
        <source>{read}: rating {value} is not a number</source>
        <translation>{read}: rating {value} は数値ではありません</translation>
    </message>
    <message>
        <source>{read}: rating {value} is not a finite number</source>
        <translation>{read}: rating {value} は有限の数値ではありません</translation>
    </message>
    <message>
        <source>{read}: decision {value} must be 0 or 1</source>
        <translation>{read}: decision {value} は 0 または 1 でなければなりません</translation>
    </message>
    <message>
        <source>{read}: case {case!r} has truth {truth} but {first} gave it truth {first_truth}</source>
        <translation>{read}: 症例 {case!r} の truth は {truth} ですが、{first} では truth {first_truth} です</translation>
    </message>
    <message>
        <source>{read}: duplicate read of case {case!r} by reader {reader!r} in treatment {treatment!r} (first read at {first})</source>
        <translation>{read}: 条件 {treatment!r} で読影者 {reader!r} による症例 {case!r} の読影が重複しています（最初の読影: {first}）</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>treatment {treatment!r} has no reads (treatments found: {found})</source>
        <translation>条件 {treatment!r} の読影がありません（見つかった条件: {found}）</translation>
    </message>
    <message>
        <source>found {n} treatments ({found}); the analysis compares exactly two: {first!r} and {second!r}</source>
        <translation>条件が {n} 個あります（{found}）。解析で比較するのはちょうど2つ（{first!r} と {second!r}）です</translation>
    </message>
    <message>
        <source>reader {reader!r} has no reads in treatment {treatment!r}; cannot pair the treatments</source>
        <translation>読影者 {reader!r} には条件 {treatment!r} の読影がありません。条件間の対応をとれません</translation>
    </message>
    <message>
        <source>no case was read by every reader in both treatments; nothing to analyse</source>
        <translation>両条件で全読影者が読影した症例がありません。解析対象がありません</translation>
    </message>
    <message>
        <source>a reader study compares exactly two treatments; found {n}: {treatments}</source>
        <translation>読影試験で比較する条件はちょうど2つです。{n} 個あります: {treatments}</translation>
    </message>
    <message>
        <source>cannot switch the study log to WAL mode (got {mode!r})</source>
        <translation>読影試験ログを WAL モードに切り替えられません（結果: {mode!r}）</translation>
    </message>
    <message>
        <source>{path}: the study log is missing (not a study folder, or study.sqlite was moved)</source>
        <translation>{path}: 読影試験ログがありません（読影試験フォルダーではないか、study.sqlite が移動されています）</translation>
    </message>
    <message>
        <source>{path}: cannot open the study log ({error})</source>
        <translation>{path}: 読影試験ログを開けません（{error}）</translation>
    </message>
    <message>
        <source>{path}: not a readable PH-Assist study log (corrupt or not SQLite: {error})</source>
        <translation>{path}: 読み込める PH-Assist の読影試験ログではありません（破損しているか SQLite ではありません: {error}）</translation>
    </message>
    <message>
        <source>{path}: already exists; a study log is never overwritten</source>
        <translation>{path}: すでに存在します。読影試験ログは上書きされません</translation>
    </message>
    <message>
        <source>{path}: the study log failed the SQLite integrity check ({problem})</source>
        <translation>{path}: 読影試験ログが SQLite の整合性チェックに合格しませんでした（{problem}）</translation>
    </message>
    <message>
        <source>{path}: not a PH-Assist study log (no meta table)</source>
        <translation>{path}: PH-Assist の読影試験ログではありません（meta テーブルがありません）</translation>
    </message>
    <message>
        <source>{path}: not a PH-Assist study log (no schema version)</source>
        <translation>{path}: PH-Assist の読影試験ログではありません（スキーマバージョンがありません）</translation>
    </message>
    <message>
        <source>{path}: unknown study-log schema version {version!r} (this PH-Assist reads versions {versions}; a newer PH-Assist may have written it)</source>
        <translation>{path}: 読影試験ログのスキーマバージョン {version!r} は不明です（この PH-Assist が読めるのはバージョン {versions}。より新しい PH-Assist で作成された可能性があります）</translation>
    </message>
    <message>
        <source>{path}: the study log lacks table(s) {tables}</source>
        <translation>{path}: 読影試験ログにテーブル {tables} がありません</translation>
    </message>
    <message>
        <source>{path}: the study log is busy or read-only ({error})</source>
        <translation>{path}: 読影試験ログが使用中か読み取り専用です（{error}）</translation>
    </message>
    <message>
        <source>refused by the study log: {error}</source>
        <translation>読影試験ログにより拒否されました: {error}</translation>
    </message>
    <message>
        <source>reader {reader!r} is not in this study</source>
        <translation>読影者 {reader!r} はこの読影試験に含まれていません</translation>
    </message>
    <message>
        <source>{path}: the log of reader {reader!r} is inconsistent (locked reads are not a prefix of the plan); it was modified outside PH-Assist</source>
        <translation>{path}: 読影者 {reader!r} のログに矛盾があります（確定済みの読影が計画の先頭から連続していません）。PH-Assist の外で変更されています</translation>
    </message>
    <message>
        <source>reader {reader!r} has finished every case of the study</source>
        <translation>読影者 {reader!r} は読影試験のすべての症例を完了しています</translation>
    </message>
    <message>
        <source>reader {reader!r}: the log is at case {case!r} ({condition}), not at case {expected_case!r} ({expected_condition}); was this reader&apos;s session open twice? Reopen the session</source>
        <translation>読影者 {reader!r}: ログは症例 {expected_case!r}（{expected_condition}）ではなく症例 {case!r}（{condition}）を指しています。この読影者のセッションが二重に開かれていませんか？セッションを開き直してください</translation>
    </message>
    <message>
        <source>{path}: this old study log is read-only here; it cannot take this answer</source>
        <translation>{path}: この古い読影試験ログはここでは読み取り専用です。この回答は記録できません</translation>
    </message>
    <message>
        <source>reader {reader!r}, case {case!r}: an aided read cannot be recorded before the AI was shown</source>
        <translation>読影者 {reader!r}、症例 {case!r}: AI を表示する前に AI ありの読影は記録できません</translation>
    </message>
    <message>
        <source>reader {reader!r}, case {case!r}: the AI was shown; the unaided answer can no longer be given or changed</source>
        <translation>読影者 {reader!r}、症例 {case!r}: AI が表示されたため、AI なしの回答はもう入力・変更できません</translation>
    </message>
    <message>
        <source>reader {reader!r}, case {case!r}: there is no unaided answer to lock here</source>
        <translation>読影者 {reader!r}、症例 {case!r}: ここで確定する AI なしの回答はありません</translation>
    </message>
    <message>
        <source>reader {reader!r}, case {case!r}: answer the case before locking it</source>
        <translation>読影者 {reader!r}、症例 {case!r}: 確定する前に症例に回答してください</translation>
    </message>
    <message>
        <source>reader {reader!r}: session {session} opens on {opens:%Y-%m-%d %H:%M} UTC (washout after session {previous}, which ended {ended})</source>
        <translation>読影者 {reader!r}: セッション {session} は {opens:%Y-%m-%d %H:%M} UTC に開始します（セッション {previous} の終了 {ended} 後のウォッシュアウト期間）</translation>
    </message>
    <message>
        <source>the PH answer must be yes or no (True/False), not {ph!r}</source>
        <translation>PH の回答は はい/いいえ（True/False）で指定してください（指定値: {ph!r}）</translation>
    </message>
    <message>
        <source>confidence must be a whole number 0-100, not {confidence!r}</source>
        <translation>確信度は 0-100 の整数で指定してください（指定値: {confidence!r}）</translation>
    </message>
    <message>
        <source>confidence must be between 0 and 100, not {confidence}</source>
        <translation>確信度は 0 から 100 の範囲で指定してください（指定値: {confidence}）</translation>
    </message>
    <message>
        <source>--n must be a positive integer, not {n!r}</source>
        <translation>--n は正の整数にしてください（{n!r} は不可）</translation>
    </message>
    <message>
        <source>ECG format {format!r} is not one of {formats}</source>
        <translation>心電図の形式 {format!r} は {formats} のいずれでもありません</translation>
    </message>
    <message>
        <source>CXR size {size} px is outside 64-4096</source>
        <translation>胸部X線のサイズ {size} px が 64～4096 の範囲外です</translation>
    </message>
    <message>
        <source>prevalence {prevalence:g} must be between 0 and 1 (exclusive)</source>
        <translation>有病率 {prevalence:g} は 0 より大きく 1 より小さい値にしてください</translation>
    </message>
    <message>
        <source>exists and is not a folder</source>
        <translation>存在しますが、フォルダーではありません</translation>
    </message>
    <message>
        <source>already holds a cohort ({file}); choose another folder or overwrite</source>
        <translation>既にコホート（{file}）があります。別のフォルダーを選ぶか、上書きしてください</translation>
    </message>
    <message>
        <source>the validation cases with {inputs} need both PH and non-PH cases</source>
        <translation>入力 {inputs} の検証症例には PH 例と非 PH 例の両方が必要です</translation>
    </message>
    <message>
        <source>oof_folds must be &gt;= 2</source>
        <translation>oof_folds は 2 以上にしてください</translation>
    </message>
    <message>
        <source>modality_dropout_p must be within [0, 1]</source>
        <translation>modality_dropout_p は 0～1 の範囲にしてください</translation>
    </message>
    <message>
        <source>batch_size must be &gt;= 2 (BatchNorm)</source>
        <translation>batch_size は 2 以上にしてください（BatchNorm）</translation>
    </message>
    <message>
        <source>{what} BNP values are {analyte} but the config says {expected}</source>
        <translation>{what}データの BNP 値は {analyte} ですが、設定は {expected} です</translation>
    </message>
    <message>
        <source>{what} ECGs have {n} samples; the config needs {expected}</source>
        <translation>{what}データの心電図は {n} サンプルですが、設定では {expected} サンプルが必要です</translation>
    </message>
    <message>
        <source>{what} CXRs are {size} px; the config needs {expected}</source>
        <translation>{what}データの胸部X線は {size} px ですが、設定では {expected} px が必要です</translation>
    </message>
    <message>
        <source>{what} set needs both PH and non-PH cases</source>
        <translation>{what}データセットには PH 例と非 PH 例の両方が必要です</translation>
    </message>
    <message>
        <source>epochs must be &gt;= 1</source>
        <translation>epochs は 1 以上にしてください</translation>
    </message>
    <message>
        <source>training</source>
        <translation>学習</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>検証</translation>
    </message>
    <message>
        <source>training set needs {modality} data from both PH and non-PH cases</source>
        <translation>学習データセットには PH 例と非 PH 例の両方の {modality} データが必要です</translation>
    </message>
    <message>
        <source>each class needs at least {folds} training cases for {folds}-fold fitting</source>
        <translation>{folds} 分割のフィットには、各クラスに少なくとも {folds} 例の学習症例が必要です</translation>
    </message>
    <message>
        <source>validation set needs both classes among cases with at least one modality</source>
        <translation>検証データセットでは、少なくとも1つのモダリティがある症例に両方のクラスが必要です</translation>
    </message>
    <message>
        <source>{path}: row {row}: {problem}</source>
        <translation>{path}：{row} 行目：{problem}</translation>
    </message>
    <message>
        <source>row {row}: patient {patient!r} is in both {split_a} and {split_b}; splits must be by patient</source>
        <translation>{row} 行目：患者 {patient!r} が {split_a} と {split_b} の両方にあります。分割は患者単位で行ってください</translation>
    </message>
    <message>
        <source>{path}: row {row}: {analyte} value left out (training uses {expected})</source>
        <translation>{path}：{row} 行目：{analyte} の値を除外しました（学習には {expected} を使用）</translation>
    </message>
    <message>
        <source>no usable case</source>
        <translation>使用できる症例がありません</translation>
    </message>
    <message>
        <source>{path}: not enough memory to read and preprocess it (MemoryError)</source>
        <translation>{path}：読み込みと前処理に必要なメモリが足りません（MemoryError）</translation>
    </message>
    <message>
        <source>{path}: cannot be read or cached ({reason})</source>
        <translation>{path}：読み込みまたはキャッシュができません（{reason}）</translation>
    </message>
    <message>
        <source>{path}: cannot be read ({reason})</source>
        <translation>{path}：読み込めません（{reason}）</translation>
    </message>
    <message>
        <source>this bundle stores no out-of-fold logits: give fusion cases the networks never saw</source>
        <translation>このバンドルには out-of-fold ロジットが保存されていません。ネットワークが見ていない症例を統合モデル用に指定してください</translation>
    </message>
    <message>
        <source>{path}: a screenshot is a PNG file; use a name ending in .png</source>
        <translation>{path}: スクリーンショットは PNG ファイルです。.png で終わる名前にしてください</translation>
    </message>
    <message>
        <source>{path}: folder not found</source>
        <translation>{path}: フォルダーが見つかりません</translation>
    </message>
    <message>
        <source>timed out after {seconds} s waiting for {what} (still: {state}); no screenshot written</source>
        <translation>{what}を {seconds} 秒待ちましたが時間切れです（状態: {state}）。スクリーンショットは保存していません</translation>
    </message>
    <message>
        <source>{path}: cannot be written</source>
        <translation>{path}: 書き込めません</translation>
    </message>
    <message>
        <source>reader {reader!r}, </source>
        <translation>読影者 {reader!r}、</translation>
    </message>
    <message>
        <source>reader {reader!r}: </source>
        <translation>読影者 {reader!r}: </translation>
    </message>
    <message>
        <source>mask &apos;{part}&apos; is {shape}, the radiograph {expected}</source>
        <translation>マスク &apos;{part}&apos; の大きさ {shape} が X線画像の大きさ {expected} と一致しません</translation>
    </message>
    <message>
        <source>not a readable mask file ({error})</source>
        <translation>マスクファイルとして読めません（{error}）</translation>
    </message>
</context>
<context>
    <name>labs</name>
    <message>
        <source> (entered {value} {unit})</source>
        <translation>（入力値 {value} {unit}）</translation>
    </message>
</context>
<context>
    <name>overlay</name>
    <message>
        <source>PH-Assist {bundle} ({bundle_id}) — {notice} — Grad-CAM</source>
        <translation>PH-Assist {bundle} ({bundle_id}) — {notice} — Grad-CAM</translation>
    </message>
    <message>
        <source>Grad-CAM: no region raised this score</source>
        <translation>Grad-CAM: このスコアを上げた領域はありません</translation>
    </message>
    <message>
        <source>Colour: regions that raised the chest X-ray sub-score (Grad-CAM); not a finding, not for diagnosis</source>
        <translation>色: 胸部X線サブスコアを上げた領域 (Grad-CAM)。所見ではなく、診断には使用できません</translation>
    </message>
</context>
<context>
    <name>presentation</name>
    <message>
        <source>Intended use not stated by the model bundle</source>
        <translation>モデルバンドルに使用目的の記載がありません</translation>
    </message>
    <message>
        <source>Synthetic training data — not for clinical use</source>
        <translation>合成データで学習 — 臨床使用不可</translation>
    </message>
    <message>
        <source>The fused risk uses only the inputs that were available.</source>
        <translation>統合リスクは利用可能だった入力のみを使用しています。</translation>
    </message>
    <message>
        <source>a prognostic stratum in PAH, not a diagnostic cut-off for PH</source>
        <translation>PAH における予後リスク層別であり、PH の診断カットオフ値ではありません</translation>
    </message>
    <message>
        <source>ECG</source>
        <translation>心電図</translation>
    </message>
    <message>
        <source>chest X-ray</source>
        <translation>胸部X線</translation>
    </message>
    <message>
        <source>BNP</source>
        <translation>BNP</translation>
    </message>
    <message>
        <source>Chest X-ray</source>
        <translation>胸部X線</translation>
    </message>
    <message>
        <source>Research use only — not for clinical use</source>
        <translation>研究用途専用 — 臨床使用不可</translation>
    </message>
    <message>
        <source>synthetic validation set</source>
        <translation>合成検証データセット</translation>
    </message>
    <message>
        <source>validation set</source>
        <translation>検証データセット</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>検証</translation>
    </message>
    <message>
        <source>low</source>
        <translation>低リスク</translation>
    </message>
    <message>
        <source>intermediate-low</source>
        <translation>中等度低リスク</translation>
    </message>
    <message>
        <source>intermediate-high</source>
        <translation>中等度高リスク</translation>
    </message>
    <message>
        <source>high</source>
        <translation>高リスク</translation>
    </message>
    <message>
        <source>Right axis deviation (QRS axis &gt; +90 deg)</source>
        <translation>右軸偏位（QRS 軸 &gt; +90°）</translation>
    </message>
    <message>
        <source>R/S ratio in V1 &gt; 1</source>
        <translation>V1 の R/S 比 &gt; 1</translation>
    </message>
    <message>
        <source>R in V1 &gt;= 0.7 mV</source>
        <translation>V1 の R 波 ≥ 0.7 mV</translation>
    </message>
    <message>
        <source>P in II &gt;= 0.25 mV (P pulmonale)</source>
        <translation>II 誘導の P 波 ≥ 0.25 mV（肺性P）</translation>
    </message>
    <message>
        <source>RV strain: T negative in V1, V2 and V3</source>
        <translation>右室ストレイン: V1・V2・V3 の陰性 T 波</translation>
    </message>
    <message>
        <source>Complete RBBB (QRS &gt;= 120 ms, terminal R in V1, terminal S in I and V6)</source>
        <translation>完全右脚ブロック（QRS ≥ 120 ms、V1 の終末 R 波、I・V6 の終末 S 波）</translation>
    </message>
    <message>
        <source>HR</source>
        <translation>心拍数</translation>
    </message>
    <message>
        <source>P axis</source>
        <translation>P 軸</translation>
    </message>
    <message>
        <source>QRS axis</source>
        <translation>QRS 軸</translation>
    </message>
    <message>
        <source>T axis</source>
        <translation>T 軸</translation>
    </message>
    <message>
        <source>deg</source>
        <translation>°</translation>
    </message>
    <message>
        <source>unverified origin</source>
        <translation>出所未確認</translation>
    </message>
    <message>
        <source>Unverified origin — not for clinical use</source>
        <translation>出所未確認 — 臨床使用不可</translation>
    </message>
    <message>
        <source>unverified origin: the bundle is not signed</source>
        <translation>出所未確認: バンドルに署名がありません</translation>
    </message>
    <message>
        <source>{value:.0%} (95% CI {low:.0%}–{high:.0%})</source>
        <translation>{value:.0%} (95%CI {low:.0%}–{high:.0%})</translation>
    </message>
    <message>
        <source>±0 points</source>
        <translation>±0 ポイント</translation>
    </message>
    <message>
        <source>{sign}{n} point</source>
        <translation>{sign}{n} ポイント</translation>
    </message>
    <message>
        <source>{sign}{n} points</source>
        <translation>{sign}{n} ポイント</translation>
    </message>
    <message>
        <source>Effect on fused risk: the fused risk of this case minus the fused risk of the same case assessed without that input (the same fusion model, that input left out), in percentage points.</source>
        <translation>統合リスクへの影響: この症例の統合リスクから、同じ症例をその入力なしで評価した統合リスク（同じ統合モデルで、その入力のみ除外）を引いた差（パーセントポイント）。</translation>
    </message>
    <message>
        <source>no change (under 1 point)</source>
        <translation>変化なし（1 ポイント未満）</translation>
    </message>
    <message>
        <source>raised it {n} point</source>
        <translation>{n} ポイント上昇</translation>
    </message>
    <message>
        <source>raised it {n} points</source>
        <translation>{n} ポイント上昇</translation>
    </message>
    <message>
        <source>lowered it {n} point</source>
        <translation>{n} ポイント低下</translation>
    </message>
    <message>
        <source>lowered it {n} points</source>
        <translation>{n} ポイント低下</translation>
    </message>
    <message>
        <source>{input} changed the fused risk by less than 1 percentage point relative to the same case without {name} ({without} without it, {with} with it).</source>
        <translation>{input} による統合リスクの変化は、{name} なしの同じ症例と比べて 1 パーセントポイント未満です（なし {without}、あり {with}）。</translation>
    </message>
    <message>
        <source>{input} raised the fused risk by {n} percentage point relative to the same case without {name} ({without} without it, {with} with it).</source>
        <translation>{input} は統合リスクを、{name} なしの同じ症例と比べて {n} パーセントポイント上げました（なし {without}、あり {with}）。</translation>
    </message>
    <message>
        <source>{input} raised the fused risk by {n} percentage points relative to the same case without {name} ({without} without it, {with} with it).</source>
        <translation>{input} は統合リスクを、{name} なしの同じ症例と比べて {n} パーセントポイント上げました（なし {without}、あり {with}）。</translation>
    </message>
    <message>
        <source>{input} lowered the fused risk by {n} percentage point relative to the same case without {name} ({without} without it, {with} with it).</source>
        <translation>{input} は統合リスクを、{name} なしの同じ症例と比べて {n} パーセントポイント下げました（なし {without}、あり {with}）。</translation>
    </message>
    <message>
        <source>{input} lowered the fused risk by {n} percentage points relative to the same case without {name} ({without} without it, {with} with it).</source>
        <translation>{input} は統合リスクを、{name} なしの同じ症例と比べて {n} パーセントポイント下げました（なし {without}、あり {with}）。</translation>
    </message>
    <message>
        <source>The ECG and the chest X-ray belong to different patients (the patient IDs in the files differ); check the files before using this result.</source>
        <translation>心電図と胸部X線が別の患者のものです（ファイル間で患者IDが異なります）。この結果を使う前にファイルを確認してください。</translation>
    </message>
    <message>
        <source>ECG and chest X-ray belong to different patients (patient IDs differ)</source>
        <translation>心電図と胸部X線の患者不一致（患者IDが異なります）</translation>
    </message>
    <message>
        <source>not reported</source>
        <translation>報告なし</translation>
    </message>
    <message>
        <source> ({level:.0%} CI {low:.2f}–{high:.2f})</source>
        <translation> ({level:.0%}CI {low:.2f}–{high:.2f})</translation>
    </message>
    <message>
        <source>validation AUC not reported</source>
        <translation>検証 AUC の報告なし</translation>
    </message>
    <message>
        <source>validation AUC {auc}</source>
        <translation>検証 AUC {auc}</translation>
    </message>
    <message>
        <source>unsaved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>PARTIAL — missing: {names}</source>
        <translation>部分的 — 欠損: {names}</translation>
    </message>
    <message>
        <source>these inputs</source>
        <translation>これらの入力</translation>
    </message>
    <message>
        <source>for {inputs} ({where}: sensitivity {sens}, specificity {spec})</source>
        <translation>（{inputs} の場合。{where}: 感度 {sens}、特異度 {spec}）</translation>
    </message>
    <message>
        <source>(measured on all inputs, not on {inputs} alone; {where}: sensitivity {sens}, specificity {spec})</source>
        <translation>（全入力で測定した値で、{inputs} のみの値ではありません。{where}: 感度 {sens}、特異度 {spec}）</translation>
    </message>
    <message>
        <source>at or above the operating threshold {threshold:.0%} {basis}</source>
        <translation>判定閾値 {threshold:.0%} 以上{basis}</translation>
    </message>
    <message>
        <source>below the operating threshold {threshold:.0%} {basis}</source>
        <translation>判定閾値 {threshold:.0%} 未満{basis}</translation>
    </message>
    <message>
        <source>Caution: the {what} is unlike the data this model was trained on; the risk may not apply to this patient.</source>
        <translation>注意: {what}がこのモデルの学習データと異なります。このリスクはこの患者に当てはまらない可能性があります。</translation>
    </message>
    <message>
        <source>{first} and {last}</source>
        <translation>{first}と{last}</translation>
    </message>
    <message>
        <source>Caution: the {what} are unlike the data this model was trained on; the risk may not apply to this patient.</source>
        <translation>注意: {what}がこのモデルの学習データと異なります。このリスクはこの患者に当てはまらない可能性があります。</translation>
    </message>
    <message>
        <source>ESC/ERS 2022 stratum: {stratum} — {caveat}</source>
        <translation>ESC/ERS 2022 リスク層別: {stratum} — {caveat}</translation>
    </message>
    <message>
        <source>signed by {signer} (key {key})</source>
        <translation>署名者 {signer}（鍵 {key}）</translation>
    </message>
    <message>
        <source>above threshold</source>
        <translation>閾値以上</translation>
    </message>
    <message>
        <source>below threshold</source>
        <translation>閾値未満</translation>
    </message>
    <message>
        <source>Above threshold</source>
        <translation>閾値以上</translation>
    </message>
    <message>
        <source>Below threshold</source>
        <translation>閾値未満</translation>
    </message>
    <message>
        <source>bundle</source>
        <translation>バンドル</translation>
    </message>
    <message>
        <source>case</source>
        <translation>症例</translation>
    </message>
    <message>
        <source>PH risk</source>
        <translation>PH リスク</translation>
    </message>
    <message>
        <source>CAUTION</source>
        <translation>注意</translation>
    </message>
    <message>
        <source>Caution: </source>
        <translation>注意: </translation>
    </message>
    <message>
        <source>PARTIAL</source>
        <translation>部分的</translation>
    </message>
    <message>
        <source>missing: {names}. {note}</source>
        <translation>欠損: {names}。{note}</translation>
    </message>
    <message>
        <source>caution</source>
        <translation>注意</translation>
    </message>
    <message>
        <source>alone {risk}; {auc}</source>
        <translation>単独 {risk}。{auc}</translation>
    </message>
    <message>
        <source>from {source}</source>
        <translation>入力元 {source}</translation>
    </message>
    <message>
        <source>UNLIKE TRAINING DATA: {reason}</source>
        <translation>学習データと異なる: {reason}</translation>
    </message>
    <message>
        <source>BNP stratum</source>
        <translation>BNP 層別</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>PH-Assist, median beat</source>
        <translation>PH-Assist（中央値心拍）</translation>
    </message>
    <message>
        <source>device (as stored in the file)</source>
        <translation>装置（ファイルに保存された値）</translation>
    </message>
    <message>
        <source>MET</source>
        <translation>該当</translation>
    </message>
    <message>
        <source>not met</source>
        <translation>非該当</translation>
    </message>
    <message>
        <source>not measurable</source>
        <translation>計測不能</translation>
    </message>
    <message>
        <source>{value:+.0f} deg</source>
        <translation>{value:+.0f}°</translation>
    </message>
    <message>
        <source>HR {hr} bpm · PR {pr} ms · QRS {qrs} ms · QT/QTcB {qt}/{qtc} ms · axes P/QRS/T {p}/{qrs_axis}/{t} deg</source>
        <translation>心拍数 {hr} bpm · PR {pr} ms · QRS {qrs} ms · QT/QTcB {qt}/{qtc} ms · 電気軸 P/QRS/T {p}/{qrs_axis}/{t}°</translation>
    </message>
    <message>
        <source>ECG measurements: not measurable ({reason})</source>
        <translation>心電図計測: 計測不能 ({reason})</translation>
    </message>
    <message>
        <source>ECG measurements — {who}: {values}</source>
        <translation>心電図計測 — {who}: {values}</translation>
    </message>
    <message>
        <source>ECG criteria of PH: {met} of {n} met</source>
        <translation>PH の心電図基準: {n} 項目中 {met} 項目該当</translation>
    </message>
    <message>
        <source>, {n} not measurable</source>
        <translation>、計測不能 {n} 項目</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>reader_mode</name>
    <message>
        <source>Reading the case…</source>
        <translation>症例を読み込んでいます…</translation>
    </message>
    <message>
        <source>Measuring the ECG…</source>
        <translation>心電図を計測しています…</translation>
    </message>
</context>
<context>
    <name>reader_view</name>
    <message>
        <source>Choose yes or no and set your confidence.</source>
        <translation>はい/いいえを選び、確信度を設定してください。</translation>
    </message>
    <message>
        <source>Choose yes or no.</source>
        <translation>はい/いいえを選んでください。</translation>
    </message>
    <message>
        <source>Set your confidence: move the slider, or tick “I have set my confidence”.</source>
        <translation>確信度を設定してください: スライダーを動かすか、「確信度を設定しました」にチェックします。</translation>
    </message>
    <message>
        <source>Choose a rating from 1 to 5.</source>
        <translation>1〜5 の評定を選んでください。</translation>
    </message>
    <message>
        <source>Set the probability of PH (0-100 %).</source>
        <translation>PH の確率 (0-100%) を設定してください。</translation>
    </message>
    <message>
        <source>Answer the question “{question}”.</source>
        <translation>質問「{question}」に答えてください。</translation>
    </message>
    <message>
        <source>PH {yn}, confidence {confidence}</source>
        <translation>PH {yn}、確信度 {confidence}</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <source>no</source>
        <translation>いいえ</translation>
    </message>
    <message>
        <source>rating {k} ({words})</source>
        <translation>評定 {k} ({words})</translation>
    </message>
    <message>
        <source>probability {p} %</source>
        <translation>確率 {p}%</translation>
    </message>
    <message>
        <source>; {question} {yn}</source>
        <translation>。{question} {yn}</translation>
    </message>
    <message>
        <source>This case is read without the AI.</source>
        <translation>この症例は AI なしで読影します。</translation>
    </message>
    <message>
        <source>The AI assessment is hidden while you read the case on your own.

It appears after you submit and lock your unaided answer.</source>
        <translation>ご自身で読影している間、AI 評価は表示されません。

AI なしの回答を送信して確定すると表示されます。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>再開</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>中断</translation>
    </message>
    <message>
        <source>Your answer — without AI</source>
        <translation>あなたの回答 — AI なし</translation>
    </message>
    <message>
        <source>Submit answer and next case</source>
        <translation>回答を送信して次の症例へ</translation>
    </message>
    <message>
        <source>Submit unaided answer</source>
        <translation>AI なしの回答を送信</translation>
    </message>
    <message>
        <source>Your answer is final when submitted.</source>
        <translation>送信した時点で回答は確定します。</translation>
    </message>
    <message>
        <source>You can change it until you lock it.</source>
        <translation>確定するまでは変更できます。</translation>
    </message>
    <message>
        <source>Your answer — without AI (submitted)</source>
        <translation>あなたの回答 — AI なし（送信済み）</translation>
    </message>
    <message>
        <source>Submit changed answer</source>
        <translation>変更した回答を送信</translation>
    </message>
    <message>
        <source>You changed your answer: submit it again (or set it back) before locking.</source>
        <translation>回答が変更されています: 確定する前に再送信するか、元に戻してください。</translation>
    </message>
    <message>
        <source>Submitted. Lock it to see the AI; after the lock it cannot be changed.</source>
        <translation>送信しました。確定すると AI が表示されます。確定後は変更できません。</translation>
    </message>
    <message>
        <source>Your answer — with AI</source>
        <translation>あなたの回答 — AI あり</translation>
    </message>
    <message>
        <source>Submit and next case</source>
        <translation>送信して次の症例へ</translation>
    </message>
    <message>
        <source>The AI assessment is being computed…</source>
        <translation>AI 評価を計算しています…</translation>
    </message>
    <message>
        <source>Prefilled: keep it or change it; final when submitted.</source>
        <translation>事前入力済み: そのままにするか変更してください。送信した時点で確定します。</translation>
    </message>
    <message>
        <source>Give your answer with the AI; final when submitted.</source>
        <translation>AI を見て回答してください。送信した時点で確定します。</translation>
    </message>
    <message>
        <source>Your locked answer without AI: {answer}. {then}</source>
        <translation>確定済みの AI なしの回答: {answer}。{then}</translation>
    </message>
    <message>
        <source>case {k} of {n}</source>
        <translation>症例 {k} / {n}</translation>
    </message>
    <message>
        <source>You have read all {n} cases of this study in both sessions. Your answers are saved. You can close this window.</source>
        <translation>両セッションで本読影試験の全 {n} 症例を読影しました。回答は保存されています。このウィンドウは閉じてかまいません。</translation>
    </message>
    <message>
        <source>You have read all {n} cases of this study. Your answers are saved. You can close this window.</source>
        <translation>本読影試験の全 {n} 症例を読影しました。回答は保存されています。このウィンドウは閉じてかまいません。</translation>
    </message>
    <message>
        <source>Thank you!</source>
        <translation>ありがとうございました</translation>
    </message>
    <message>
        <source>{local} (local time; {utc} UTC)</source>
        <translation>{local}（現地時刻。{utc} UTC）</translation>
    </message>
    <message>
        <source>later</source>
        <translation>後日</translation>
    </message>
    <message>
        <source>Session {done} of {n} is complete</source>
        <translation>セッション {done} / {n} が完了しました</translation>
    </message>
    <message>
        <source>Session {session} opens on {when}. The pause between the sessions (washout) is part of the study design. Please come back then; this window can be closed.</source>
        <translation>セッション {session} は {when} に開始します。セッション間の休止期間（ウォッシュアウト期間）は試験デザインの一部です。その時点で再度お越しください。このウィンドウは閉じてかまいません。</translation>
    </message>
    <message>
        <source>Instructions</source>
        <translation>読影者への説明</translation>
    </message>
    <message>
        <source>Start reading</source>
        <translation>読影を開始</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>中断中</translation>
    </message>
    <message>
        <source>The case is hidden and the time on case is stopped.</source>
        <translation>症例は非表示で、症例の所要時間の計測は止まっています。</translation>
    </message>
    <message>
        <source>Loading {case}…</source>
        <translation>{case}を読み込んでいます…</translation>
    </message>
    <message>
        <source>Reading the ECG and the chest X-ray.</source>
        <translation>心電図と胸部X線を読み込んでいます。</translation>
    </message>
    <message>
        <source>Preparing {case}…</source>
        <translation>{case}を準備しています…</translation>
    </message>
    <message>
        <source>Computing the AI assessment.</source>
        <translation>AI 評価を計算しています。</translation>
    </message>
    <message>
        <source>reading (without AI)</source>
        <translation>読影中（AI なし）</translation>
    </message>
    <message>
        <source>answer given, not locked</source>
        <translation>回答済み、未確定</translation>
    </message>
    <message>
        <source>reading (with AI)</source>
        <translation>読影中（AI あり）</translation>
    </message>
    <message>
        <source>washout</source>
        <translation>ウォッシュアウト期間</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>{k} of {n}</source>
        <translation>{k} / {n}</translation>
    </message>
    <message>
        <source> · paused</source>
        <translation> · 中断中</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>未開始</translation>
    </message>
    <message>
        <source>session {session} opens {when} UTC</source>
        <translation>セッション {session} は {when} UTC に開始</translation>
    </message>
</context>
<context>
    <name>report</name>
    <message>
        <source>PH-Assist research software — not a certified medical device</source>
        <translation>PH-Assist 研究用ソフトウェア — 医療機器として承認されていません</translation>
    </message>
    <message>
        <source>   (entered {value} {unit})</source>
        <translation>  （入力値 {value} {unit}）</translation>
    </message>
    <message>
        <source>   (as entered)</source>
        <translation>  （入力値のまま）</translation>
    </message>
    <message>
        <source>BNP: not given</source>
        <translation>BNP: 未入力</translation>
    </message>
    <message>
        <source>BNP value: {value}</source>
        <translation>BNP 値: {value}</translation>
    </message>
    <message>
        <source>time (s)   ·   grid 0.2 s × 0.5 mV   ·   * lead with a quality flag</source>
        <translation>時間（秒）   ·   格子 0.2 秒 × 0.5 mV   ·   * 品質フラグのある誘導</translation>
    </message>
    <message>
        <source>PH-Assist — pulmonary hypertension risk report</source>
        <translation>PH-Assist — 肺高血圧症リスクレポート</translation>
    </message>
    <message>
        <source>Report created {date}</source>
        <translation>作成日時 {date}</translation>
    </message>
    <message>
        <source>Model bundle: {name}   ·   ID {id}</source>
        <translation>モデルバンドル: {name}   ·   ID {id}</translation>
    </message>
    <message>
        <source>not given</source>
        <translation>未入力</translation>
    </message>
    <message>
        <source>Case ID (pseudonymous): {case}</source>
        <translation>症例ID（仮名化）: {case}</translation>
    </message>
    <message>
        <source>Fused PH risk (calibrated)</source>
        <translation>統合 PH リスク（較正済み）</translation>
    </message>
    <message>
        <source>Complete — ECG, chest X-ray and BNP were all used.</source>
        <translation>完全 — 心電図、胸部X線、BNP をすべて使用しました。</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>入力</translation>
    </message>
    <message>
        <source>Risk alone</source>
        <translation>単独リスク</translation>
    </message>
    <message>
        <source>Validation AUC (model card)</source>
        <translation>検証 AUC（モデルカード）</translation>
    </message>
    <message>
        <source>missing — not used</source>
        <translation>欠損 — 未使用</translation>
    </message>
    <message>
        <source>— (only input)</source>
        <translation>—（唯一の入力）</translation>
    </message>
    <message>
        <source>Effect on fused risk</source>
        <translation>統合リスクへの影響</translation>
    </message>
    <message>
        <source>Risk alone: the calibrated risk from that input on its own.</source>
        <translation>単独リスク: その入力のみから算出した較正済みリスク。</translation>
    </message>
    <message>
        <source> AUCs: {source}.</source>
        <translation> AUC: {source}。</translation>
    </message>
    <message>
        <source>(!) Unlike the training data: {inputs} — the sub-score may be meaningless.</source>
        <translation>(!) 学習データと異なる: {inputs} — サブスコアは意味をなさない可能性があります。</translation>
    </message>
    <message>
        <source>Caution: {warning}</source>
        <translation>注意: {warning}</translation>
    </message>
    <message>
        <source>Warning: {warning}</source>
        <translation>警告: {warning}</translation>
    </message>
    <message>
        <source>… and {n} more warning(s)</source>
        <translation>… ほかに {n} 件の警告</translation>
    </message>
    <message>
        <source>ECG measurements and ECG criteria of PH (ESC/ERS 2022; the full ECG is on page 2)</source>
        <translation>心電図計測値と PH の心電図基準（ESC/ERS 2022。心電図全体は2ページ目）</translation>
    </message>
    <message>
        <source>ECG with Grad-CAM band (where along the trace the ECG model&apos;s score came from)</source>
        <translation>心電図と Grad-CAM 帯（心電図モデルのスコアが波形のどこに由来するか）</translation>
    </message>
    <message>
        <source>No ECG in this assessment</source>
        <translation>この評価には心電図がありません</translation>
    </message>
    <message>
        <source>ECG not included in the report</source>
        <translation>心電図はレポートに含まれていません</translation>
    </message>
    <message>
        <source>Chest X-ray with Grad-CAM outline (contour lines)</source>
        <translation>胸部X線と Grad-CAM の輪郭（等高線）</translation>
    </message>
    <message>
        <source>Chest X-ray with Grad-CAM overlay</source>
        <translation>胸部X線と Grad-CAM オーバーレイ</translation>
    </message>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <source>No chest X-ray in this assessment</source>
        <translation>この評価には胸部X線がありません</translation>
    </message>
    <message>
        <source>Chest X-ray not included in the report</source>
        <translation>胸部X線はレポートに含まれていません</translation>
    </message>
    <message>
        <source>How to read the maps: Grad-CAM shows which parts of the input most influenced the model&apos;s sub-score, relative to the rest of this case (no unit). Bright does not mean abnormal, and the maps are not a diagnosis or a localisation of disease. Use them to check that the model looked at plausible regions (heart, pulmonary arteries, QRS/T waves), not at labels, markers or noise.</source>
        <translation>マップの読み方: Grad-CAM は、入力のどの部分がモデルのサブスコアに最も影響したかを、この症例の他の部分との相対値（単位なし）で示します。明るい部分は異常を意味せず、マップは診断や病変の局在を示すものではありません。モデルが妥当な部位（心臓、肺動脈、QRS/T 波）を見ており、ラベル・マーカー・ノイズを見ていないことの確認に用いてください。</translation>
    </message>
    <message>
        <source>Decision support only: the result must be interpreted by a physician together with the clinical picture and must not be the sole basis of a diagnosis. Echocardiography remains the screening test for PH; right-heart catheterisation confirms it.</source>
        <translation>診断支援のみを目的とします: 結果は医師が臨床像と併せて解釈しなければならず、診断の唯一の根拠としてはなりません。PH のスクリーニング検査は引き続き心エコー図検査であり、確定診断は右心カテーテル検査によります。</translation>
    </message>
    <message>
        <source>bundle ID {id}</source>
        <translation>バンドルID {id}</translation>
    </message>
    <message>
        <source>unsaved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>rhythm strip</source>
        <translation>リズムストリップ</translation>
    </message>
    <message>
        <source>PH-Assist — 12-lead ECG</source>
        <translation>PH-Assist — 12誘導心電図</translation>
    </message>
    <message>
        <source>Case ID (pseudonymous): {case}   ·   report created {date}</source>
        <translation>症例ID（仮名化）: {case}   ·   作成日時 {date}</translation>
    </message>
    <message>
        <source>{speed:g} mm/s · {gain:g} mm/mV · grid 1 mm (0.04 s, 0.1 mV) and 5 mm (0.2 s, 0.5 mV) · 1 mV calibration pulse at the start of each row</source>
        <translation>{speed:g} mm/s · {gain:g} mm/mV · 格子 1 mm（0.04 秒、0.1 mV）と 5 mm（0.2 秒、0.5 mV） · 各段の始めに 1 mV 較正波</translation>
    </message>
    <message>
        <source>Display filter: {filters}, as chosen in the ECG viewer (zero-phase Butterworth, applied for display only; the models see their own preprocessing) · {fs:g} Hz · * lead with a quality flag</source>
        <translation>表示フィルター: {filters}（心電図ビューアーで選択。ゼロ位相 Butterworth、表示のみに適用。モデルは独自の前処理を使用） · {fs:g} Hz · * 品質フラグのある誘導</translation>
    </message>
    <message>
        <source>Display filter: {filters} (zero-phase Butterworth, applied for display only; the models see their own preprocessing) · {fs:g} Hz · * lead with a quality flag</source>
        <translation>表示フィルター: {filters}（ゼロ位相バターワース、表示のみに適用。モデルは独自の前処理を使用） · {fs:g} Hz · * 品質フラグのある誘導</translation>
    </message>
    <message>
        <source>{footer}   ·   print at 100 % (actual size) for the paper scale</source>
        <translation>{footer}   ·   記録紙の縮尺どおりにするには 100%（実寸）で印刷してください</translation>
    </message>
</context>
<context>
    <name>study</name>
    <message>
        <source>reader studies: create, status, read, analyze, export</source>
        <translation>読影試験: 作成、進捗、読影、解析、出力</translation>
    </message>
    <message>
        <source>Reader studies (MRMC): clinicians read each case without and with PH-Assist. Create a study from a case manifest, follow the readers&apos; progress, analyse the reads (per reader and pooled metrics, McNemar, OR-Hillis) and export them.</source>
        <translation>読影試験 (MRMC): 臨床医が各症例を PH-Assist なしとありで読影します。症例マニフェストから読影試験を作成し、読影者の進捗を確認し、読影結果を解析（読影者ごと・統合の指標、McNemar 検定、OR-Hillis 法）して出力します。</translation>
    </message>
    <message>
        <source>create a study folder from a case manifest</source>
        <translation>症例マニフェストから読影試験フォルダーを作成</translation>
    </message>
    <message>
        <source>Create a reader study: cases from a manifest CSV (columns case_id, ecg_path, cxr_path, bnp, bnp_unit, label; paths relative to the manifest; label 1 = PH, 0 = no PH, never shown to readers), pseudonymous reader IDs, the design and the randomisation seed.</source>
        <translation>読影試験を作成します: マニフェスト CSV の症例（列 case_id, ecg_path, cxr_path, bnp, bnp_unit, label。パスはマニフェストからの相対パス。label 1 = PH、0 = PH なし、読影者には表示しません）、仮名化した読影者ID、デザイン、無作為化のシード。</translation>
    </message>
    <message>
        <source>case manifest CSV</source>
        <translation>症例マニフェスト CSV</translation>
    </message>
    <message>
        <source>comma-separated pseudonymous reader IDs</source>
        <translation>仮名化した読影者IDのカンマ区切り</translation>
    </message>
    <message>
        <source>sequential: unaided read, lock, AI, aided read per case; crossover: two sessions separated by a washout, half the cases aided in each</source>
        <translation>sequential: 症例ごとに AI なしで読影、確定、AI 表示、AI ありで読影。crossover: ウォッシュアウト期間を挟む2セッション、各セッションで半数の症例に AI あり</translation>
    </message>
    <message>
        <source>randomisation seed (recorded)</source>
        <translation>無作為化のシード（記録されます）</translation>
    </message>
    <message>
        <source>new (or empty) study folder</source>
        <translation>新規（または空）の読影試験フォルダー</translation>
    </message>
    <message>
        <source>study name (default: the folder name)</source>
        <translation>読影試験名（既定: フォルダー名）</translation>
    </message>
    <message>
        <source>days between crossover sessions (default 28; crossover only)</source>
        <translation>クロスオーバーのセッション間の日数（既定 28。crossover のみ）</translation>
    </message>
    <message>
        <source>model bundle readers will see (its ID is fixed in the study)</source>
        <translation>読影者に表示するモデルバンドル（その ID は読影試験に固定されます）</translation>
    </message>
    <message>
        <source>the coordinator&apos;s key file (the labels), written OUTSIDE the study folder; &apos;study analyze --key&apos; needs it, readers never do (default: STUDY_DIR.key.json beside the folder)</source>
        <translation>管理者の正解キーファイル（ラベル）。読影試験フォルダーの外に書き出します。&apos;study analyze --key&apos; で必要、読影者には不要です（既定: フォルダーの隣の STUDY_DIR.key.json）</translation>
    </message>
    <message>
        <source>how readers answer: binary_confidence (PH yes/no + confidence 0-100; default), five_point (1 definitely no ... 5 definitely yes; PH when &gt;= 4) or probability (0-100 %%; PH when &gt;= 50)</source>
        <translation>読影者の回答方法: binary_confidence（PH はい/いいえ + 確信度 0-100。既定）、five_point（1 確実になし … 5 確実にあり。4 以上で PH）または probability（0-100 %%。50 以上で PH）</translation>
    </message>
    <message>
        <source>the question readers answer (default: &apos;Does this patient have pulmonary hypertension?&apos;)</source>
        <translation>読影者が答える質問（既定: &apos;この患者は肺高血圧症ですか?&apos;）</translation>
    </message>
    <message>
        <source>also ask this yes/no question with every answer, e.g. &apos;Refer for echocardiography?&apos;</source>
        <translation>各回答とともにこのはい/いいえの質問もする。例: &apos;心エコー図検査を依頼しますか?&apos;</translation>
    </message>
    <message>
        <source>start the aided answer from the unaided one (off by default: it invites anchoring)</source>
        <translation>AI ありの回答を AI なしの回答から始める（既定はオフ: アンカリングを招くため）</translation>
    </message>
    <message>
        <source>text shown to readers before their first case</source>
        <translation>最初の症例の前に読影者に表示するテキスト</translation>
    </message>
    <message>
        <source>case IDs of the manifest read first by every reader, in this order, never analysed</source>
        <translation>全読影者がこの順で最初に読影するマニフェストの症例ID（解析には含めません）</translation>
    </message>
    <message>
        <source>let readers attach a free-text comment to a read</source>
        <translation>読影者が読影に自由記述のコメントを付けられるようにする</translation>
    </message>
    <message>
        <source>show each reader&apos;s progress</source>
        <translation>各読影者の進捗を表示</translation>
    </message>
    <message>
        <source>Show each reader&apos;s progress, derived from the study log, and check the log.</source>
        <translation>読影試験ログから各読影者の進捗を表示し、ログを検査します。</translation>
    </message>
    <message>
        <source>print JSON instead of text</source>
        <translation>テキストの代わりに JSON を出力</translation>
    </message>
    <message>
        <source>analyse a study (or external reads in long CSV form)</source>
        <translation>読影試験（または long 形式 CSV の外部読影データ）を解析</translation>
    </message>
    <message>
        <source>Analyse the locked reads of a study: per reader and pooled accuracy, sensitivity, specificity and AUC without vs with AI, McNemar per reader, Obuchowski-Rockette-Hillis F/ddf/p/95% CI, change-of-mind table. With --long-csv the same analysis runs on external reader data (columns reader, treatment, case, truth, rating[, decision]).</source>
        <translation>読影試験の確定済み読影を解析します: 読影者ごと・統合の正診率、感度、特異度、AUC（AI なし対 AI あり）、読影者ごとの McNemar 検定、Obuchowski-Rockette-Hillis 法の F/ddf/p/95%信頼区間、判断変更表。--long-csv では同じ解析を外部の読影データ（列 reader, treatment, case, truth, rating[, decision]）に対して行います。</translation>
    </message>
    <message>
        <source>study folder (omit with --long-csv)</source>
        <translation>読影試験フォルダー（--long-csv では省略）</translation>
    </message>
    <message>
        <source>analyse this long-format CSV instead of a study folder</source>
        <translation>読影試験フォルダーの代わりにこの long 形式 CSV を解析</translation>
    </message>
    <message>
        <source>with --long-csv and no decision column: a read counts as &apos;PH&apos; when rating &gt;= R (default 50, for 0-100 confidence; e.g. 3 for a 1-5 scale)</source>
        <translation>--long-csv で decision 列がない場合: 評定値 &gt;= R で &apos;PH&apos; と判定（既定 50、確信度 0-100 の場合。1-5 尺度なら例えば 3）</translation>
    </message>
    <message>
        <source>the study&apos;s key file (written by &apos;study create&apos;; the ground truth is not in the folder)</source>
        <translation>読影試験の正解キーファイル (&apos;study create&apos; が作成。正解はフォルダー内にありません)</translation>
    </message>
    <message>
        <source>print the full analysis as JSON</source>
        <translation>解析結果全体を JSON で出力</translation>
    </message>
    <message>
        <source>also write analysis.json, accuracy_slopes.png, roc.png, reads_long.csv and reads.imrmc into DIR (files of those names are replaced)</source>
        <translation>analysis.json、accuracy_slopes.png、roc.png、reads_long.csv、reads.imrmc も DIR に書き出す（同名のファイルは置き換えます）</translation>
    </message>
    <message>
        <source>analyse even when the study log fails &apos;study verify&apos; (the analysis says so)</source>
        <translation>読影試験ログが &apos;study verify&apos; に合格しなくても解析する（解析結果にその旨を記載）</translation>
    </message>
    <message>
        <source>open the reader window for one reader of a study (GUI)</source>
        <translation>読影試験の読影者1名の読影ウィンドウを開く (GUI)</translation>
    </message>
    <message>
        <source>Open the reader window for one reader: one case at a time (no going back or skipping), the unaided answer, its lock, then the AI and the aided answer, as the study&apos;s design says. Closing the window pauses; running the command again resumes where the log says.</source>
        <translation>読影者1名の読影ウィンドウを開きます: 1症例ずつ（戻る・飛ばすは不可）、AI なしの回答、その確定、次に AI 表示と AI ありの回答を、読影試験のデザインに従って行います。ウィンドウを閉じると中断し、コマンドを再実行するとログの位置から再開します。</translation>
    </message>
    <message>
        <source>the reader&apos;s pseudonymous ID (e.g. R01)</source>
        <translation>読影者の仮名ID（例: R01）</translation>
    </message>
    <message>
        <source>model bundle whose AI output the reader sees (default: $PH_ASSIST_BUNDLE or the demo bundle); a study fixed to another bundle refuses it</source>
        <translation>読影者に AI 出力を表示するモデルバンドル（既定: $PH_ASSIST_BUNDLE またはデモバンドル）。別のバンドルに固定された読影試験では拒否されます</translation>
    </message>
    <message>
        <source>show the reader&apos;s current case, save a picture of the window to OUT.png and exit (for docs and CI; the display is logged like any other and the case is paused on exit, so use a copy of a real study)</source>
        <translation>読影者の現在の症例を表示し、ウィンドウの画像を OUT.png に保存して終了（文書・CI 用。表示は通常どおりログに記録され、終了時に症例は中断されるため、実際の読影試験のコピーを使用してください）</translation>
    </message>
    <message>
        <source>window size in pixels, e.g. 1600x960</source>
        <translation>ウィンドウサイズ（ピクセル）。例: 1600x960</translation>
    </message>
    <message>
        <source>with --screenshot: how long to wait for the case (default 180 s)</source>
        <translation>--screenshot 使用時: 症例を待つ時間（既定 180 秒）</translation>
    </message>
    <message>
        <source>export a study&apos;s reads as long CSV and/or iMRMC</source>
        <translation>読影試験の読影結果を long 形式 CSV や iMRMC として出力</translation>
    </message>
    <message>
        <source>Export the locked reads of a study as a long CSV (reader, treatment, case, truth, rating, decision) and/or an iMRMC .imrmc file.</source>
        <translation>読影試験の確定済み読影を long 形式 CSV (reader, treatment, case, truth, rating, decision) や iMRMC の .imrmc ファイルとして出力します。</translation>
    </message>
    <message>
        <source>write the long CSV here</source>
        <translation>long 形式 CSV の出力先</translation>
    </message>
    <message>
        <source>write the iMRMC file here</source>
        <translation>iMRMC ファイルの出力先</translation>
    </message>
    <message>
        <source>the study&apos;s key file (the exports hold the ground truth)</source>
        <translation>読影試験の正解キーファイル（出力には正解が含まれます）</translation>
    </message>
    <message>
        <source>overwrite existing output files</source>
        <translation>既存の出力ファイルを上書き</translation>
    </message>
    <message>
        <source>sample size / power of a planned study from a pilot</source>
        <translation>パイロットから計画する読影試験の症例数 / 検出力</translation>
    </message>
    <message>
        <source>Plan a reader study from a pilot (a study folder or a long CSV of reads): the number of cases needed for a given power with J readers, or the power of a design with J readers and K cases, from the pilot&apos;s Obuchowski-Rockette variance components (Hillis, Obuchowski &amp; Berbaum 2011, as RJafroc SsPowerGivenJK / SsSampleSizeKGivenJ). Assumes the planned cases are like the pilot&apos;s (same prevalence and difficulty) and the readers come from the same population.</source>
        <translation>パイロット（読影試験フォルダーまたは読影の long 形式 CSV）から読影試験を計画します: パイロットの Obuchowski-Rockette 分散成分（Hillis, Obuchowski &amp; Berbaum 2011、RJafroc の SsPowerGivenJK / SsSampleSizeKGivenJ と同様）から、読影者 J 名で所定の検出力に必要な症例数、または読影者 J 名・症例 K 例のデザインの検出力を求めます。計画する症例はパイロットと同様（同じ有病率と難易度）で、読影者は同じ母集団から選ばれると仮定します。</translation>
    </message>
    <message>
        <source>the pilot&apos;s reads</source>
        <translation>パイロットの読影データ</translation>
    </message>
    <message>
        <source>the coordinator&apos;s key file of a pilot study folder (its ground truth)</source>
        <translation>パイロット読影試験フォルダーの管理者の正解キーファイル（その正解）</translation>
    </message>
    <message>
        <source>readers in the planned study (at least 2)</source>
        <translation>計画する読影試験の読影者数（2 以上）</translation>
    </message>
    <message>
        <source>cases in the planned study: report its power (default: the cases needed for --power)</source>
        <translation>計画する読影試験の症例数: その検出力を報告（既定: --power に必要な症例数）</translation>
    </message>
    <message>
        <source>difference of the figure of merit to detect, e.g. 0.05 AUC (default: the pilot&apos;s observed difference)</source>
        <translation>検出する評価指標の差。例: AUC 0.05（既定: パイロットで観察された差）</translation>
    </message>
    <message>
        <source>target power (default 0.8)</source>
        <translation>目標検出力（既定 0.8）</translation>
    </message>
    <message>
        <source>size of the two-sided test (default 0.05)</source>
        <translation>両側検定の有意水準（既定 0.05）</translation>
    </message>
    <message>
        <source>figure of merit (default auc)</source>
        <translation>評価指標（既定 auc）</translation>
    </message>
    <message>
        <source>RRRC: readers and cases random (default); FRRC: readers fixed; RRFC: cases fixed</source>
        <translation>RRRC: 読影者・症例ともランダム（既定）。FRRC: 読影者固定。RRFC: 症例固定</translation>
    </message>
    <message>
        <source>pilot CSV without a decision column: a read counts as PH when rating &gt;= R (default 50)</source>
        <translation>decision 列のないパイロット CSV: 評定値 &gt;= R で PH と判定（既定 50）</translation>
    </message>
    <message>
        <source>print JSON</source>
        <translation>JSON を出力</translation>
    </message>
    <message>
        <source>write one reader&apos;s kit for another workstation</source>
        <translation>別の端末用に読影者1名の読影キットを作成</translation>
    </message>
    <message>
        <source>Write one reader&apos;s self-contained kit (the reader&apos;s cases, protocol and order; never the labels) that opens like a study: &apos;study read KIT --reader R&apos;. Bring the answers back with &apos;study merge&apos;.</source>
        <translation>読影者1名の自己完結した読影キット（その読影者の症例、プロトコル、順序。正解ラベルは含みません）を作成します。読影試験と同様に開けます: &apos;study read KIT --reader R&apos;。回答は &apos;study merge&apos; で戻します。</translation>
    </message>
    <message>
        <source>new (or empty) folder</source>
        <translation>新規（または空）のフォルダー</translation>
    </message>
    <message>
        <source>bring a reader kit&apos;s answers back into the study</source>
        <translation>読影キットの回答を読影試験に取り込む</translation>
    </message>
    <message>
        <source>Verify a reader kit (signed manifest, chained log) and import its answers into the study log in one transaction; merging again imports nothing new.</source>
        <translation>読影キット（署名付きマニフェスト、チェーン化ログ）を検証し、その回答を1トランザクションで読影試験ログに取り込みます。再度取り込んでも新たに取り込まれるものはありません。</translation>
    </message>
    <message>
        <source>check a study&apos;s or a kit&apos;s signed log for tampering</source>
        <translation>読影試験またはキットの署名付きログに改ざんがないか検査</translation>
    </message>
    <message>
        <source>Check the hash chain and signed heads of a study log (or a reader kit, with its signed file list). Exit 0: intact; 2: tampering found (one line naming the first broken record); 3: a log made before the chain existed; 1: other errors.</source>
        <translation>読影試験ログ（または署名付きファイル一覧を持つ読影キット）のハッシュチェーンと署名付きヘッドを検査します。終了コード 0: 改ざんなし。2: 改ざんを検出（最初に壊れたレコードを1行で表示）。3: チェーン導入前に作成されたログ。1: その他のエラー。</translation>
    </message>
    <message>
        <source>created study {name!r} in {folder}</source>
        <translation>読影試験 {name!r} を {folder} に作成しました</translation>
    </message>
    <message>
        <source> (washout {days} days)</source>
        <translation>（ウォッシュアウト期間 {days} 日）</translation>
    </message>
    <message>
        <source>design {design}{washout}, seed {seed}, {n} reader(s): {readers}</source>
        <translation>デザイン {design}{washout}、シード {seed}、読影者 {n} 名: {readers}</translation>
    </message>
    <message>
        <source> and {n} practice case(s), read first and never analysed</source>
        <translation>、ほかに練習症例 {n} 例（最初に読影し、解析には含めません）</translation>
    </message>
    <message>
        <source>{n} cases ({n1} PH, {n0} no PH){practice}</source>
        <translation>{n} 症例（PH {n1} 例、PH なし {n0} 例）{practice}</translation>
    </message>
    <message>
        <source>scale: {scale}; {rule}</source>
        <translation>評価尺度: {scale}。{rule}</translation>
    </message>
    <message>
        <source>; aided answer prefilled</source>
        <translation>。AI ありの回答は事前入力</translation>
    </message>
    <message>
        <source>action question: {question}</source>
        <translation>追加質問: {question}</translation>
    </message>
    <message>
        <source>key file (labels, seed): {key} - keep it with the coordinator, away from the readers; &apos;study analyze --key&apos; needs it</source>
        <translation>正解キーファイル（ラベル、シード）: {key} - 管理者が保管し、読影者から離しておいてください。&apos;study analyze --key&apos; で必要です</translation>
    </message>
    <message>
        <source>model bundle {id}</source>
        <translation>モデルバンドル {id}</translation>
    </message>
    <message>
        <source>study {name!r} ({design}, {cases} cases, {readers} readers)</source>
        <translation>読影試験 {name!r}（{design}、{cases} 症例、読影者 {readers} 名）</translation>
    </message>
    <message>
        <source>next: unaided read</source>
        <translation>次: AI なしの読影</translation>
    </message>
    <message>
        <source>unaided answer given, not locked</source>
        <translation>AI なしの回答済み、未確定</translation>
    </message>
    <message>
        <source>next: aided read</source>
        <translation>次: AI ありの読影</translation>
    </message>
    <message>
        <source>in washout</source>
        <translation>ウォッシュアウト期間中</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>中断中</translation>
    </message>
    <message>
        <source>last activity {time} UTC</source>
        <translation>最終操作 {time} UTC</translation>
    </message>
    <message>
        <source>{done:&gt;4}/{total} reads</source>
        <translation>{done:&gt;4}/{total} 読影</translation>
    </message>
    <message>
        <source>log problems: {problems}</source>
        <translation>ログの問題: {problems}</translation>
    </message>
    <message>
        <source>log: integrity and protocol checks passed</source>
        <translation>ログ: 整合性とプロトコルの検査に合格</translation>
    </message>
    <message>
        <source>Reader data {source}</source>
        <translation>読影データ {source}</translation>
    </message>
    <message>
        <source>warning: {note}</source>
        <translation>警告: {note}</translation>
    </message>
    <message>
        <source>Reader study {name!r} ({design}) in {folder}</source>
        <translation>読影試験 {name!r} ({design}) {folder}</translation>
    </message>
    <message>
        <source>wrote {files}</source>
        <translation>書き出しました: {files}</translation>
    </message>
    <message>
        <source>--readers must be at least 2 (got {n})</source>
        <translation>--readers は 2 以上にしてください（指定値 {n}）</translation>
    </message>
    <message>
        <source>--cases must be at least 2 (got {n})</source>
        <translation>--cases は 2 以上にしてください（指定値 {n}）</translation>
    </message>
    <message>
        <source>--effect must be greater than 0 (got {d})</source>
        <translation>--effect は 0 より大きくしてください（指定値 {d}）</translation>
    </message>
    <message>
        <source>--power must lie between 0 and 1 (got {p})</source>
        <translation>--power は 0 と 1 の間にしてください（指定値 {p}）</translation>
    </message>
    <message>
        <source>--alpha must lie between 0 and 1 (got {a})</source>
        <translation>--alpha は 0 と 1 の間にしてください（指定値 {a}）</translation>
    </message>
    <message>
        <source>the pilot shows no difference between the treatments; give the effect to detect with --effect</source>
        <translation>パイロットでは条件間に差がありません。検出する差を --effect で指定してください</translation>
    </message>
    <message>
        <source>Pilot: {J} readers, {K} cases; {fom} variance components Var {var:.3g}, Cov1 {cov1:.3g}, Cov2 {cov2:.3g}, Cov3 {cov3:.3g}, VarTR {var_tr:.3g}</source>
        <translation>パイロット: 読影者 {J} 名、{K} 症例。{fom} の分散成分 Var {var:.3g}、Cov1 {cov1:.3g}、Cov2 {cov2:.3g}、Cov3 {cov3:.3g}、VarTR {var_tr:.3g}</translation>
    </message>
    <message>
        <source>Effect to detect: {d:.4f} (given)</source>
        <translation>検出する差: {d:.4f}（指定値）</translation>
    </message>
    <message>
        <source>Effect to detect: {d:.4f} (observed in the pilot; give the smallest difference that matters with --effect)</source>
        <translation>検出する差: {d:.4f}（パイロットでの観察値。臨床的に意味のある最小の差を --effect で指定してください）</translation>
    </message>
    <message>
        <source>Cases needed for power {target:g} with {J} readers ({analysis}, alpha {alpha:g}): {K}</source>
        <translation>読影者 {J} 名で検出力 {target:g} に必要な症例数（{analysis}、alpha {alpha:g}）: {K}</translation>
    </message>
    <message>
        <source>Power with {J} readers and {K} cases ({analysis}, alpha {alpha:g}): {power:.3f} (ncp {ncp:.2f}, ddf {ddf:.1f}, critical F {f:.2f})</source>
        <translation>読影者 {J} 名・{K} 症例での検出力（{analysis}、alpha {alpha:g}）: {power:.3f}（ncp {ncp:.2f}、ddf {ddf:.1f}、F 臨界値 {f:.2f}）</translation>
    </message>
    <message>
        <source>Assumes the planned cases are like the pilot&apos;s (same prevalence and difficulty) and the readers come from the same population (Hillis, Obuchowski &amp; Berbaum 2011).</source>
        <translation>計画する症例はパイロットと同様（同じ有病率と難易度）で、読影者は同じ母集団から選ばれると仮定しています (Hillis, Obuchowski &amp; Berbaum 2011)。</translation>
    </message>
    <message>
        <source>wrote the kit of reader {reader} to {kit} (no labels); read it with: ph-assist study read {kit} --reader {reader}</source>
        <translation>読影者 {reader} の読影キットを {kit} に作成しました（正解ラベルなし）。読影するには: ph-assist study read {kit} --reader {reader}</translation>
    </message>
    <message>
        <source>merged reader {reader}: {n} log records imported ({locked} answers locked)</source>
        <translation>読影者 {reader} を取り込みました: ログレコード {n} 件（確定済み回答 {locked} 件）</translation>
    </message>
    <message>
        <source>reader {reader}: nothing new to merge ({n} records already in the study)</source>
        <translation>読影者 {reader}: 新たに取り込むものはありません（読影試験に取り込み済みのレコード {n} 件）</translation>
    </message>
    <message>
        <source>{folder}: no chain (the log was created before PH-Assist signed study logs); edits cannot be detected</source>
        <translation>{folder}: チェーンなし（PH-Assist が読影試験ログに署名する以前に作成されたログ）。編集を検出できません</translation>
    </message>
    <message>
        <source>{folder}: TAMPERED: {finding}</source>
        <translation>{folder}: 改ざんあり: {finding}</translation>
    </message>
    <message>
        <source>{folder}: intact ({kind}; {n} signed log records, {readers} reader(s))</source>
        <translation>{folder}: 改ざんなし（{kind}。署名付きログレコード {n} 件、読影者 {readers} 名）</translation>
    </message>
    <message>
        <source>not analysed, the log cannot be verified: {problem} (--allow-unverified analyses it anyway)</source>
        <translation>解析しませんでした。ログを検証できません: {problem}（--allow-unverified で解析は可能）</translation>
    </message>
    <message>
        <source>warning: analysed without verifying the log: {problem}</source>
        <translation>警告: ログを検証せずに解析しました: {problem}</translation>
    </message>
    <message>
        <source>note: {folder}: the log has no chain (made before PH-Assist signed study logs); it cannot be checked for tampering</source>
        <translation>注意: {folder}: ログにチェーンがありません（PH-Assist が読影試験ログに署名する以前に作成）。改ざんを検査できません</translation>
    </message>
    <message>
        <source>{folder}: not analysed, the log fails verification: {finding} (see &apos;ph-assist study verify&apos;; --allow-unverified analyses it anyway)</source>
        <translation>{folder}: 解析しませんでした。ログが検証に合格しません: {finding} (&apos;ph-assist study verify&apos; を参照。--allow-unverified で解析は可能)</translation>
    </message>
    <message>
        <source>warning: {folder}: analysed although the log fails verification: {finding}</source>
        <translation>警告: {folder}: ログが検証に合格しないまま解析しました: {finding}</translation>
    </message>
    <message>
        <source>reader {reader!r} is not in study {name!r} (readers: {readers})</source>
        <translation>読影者 {reader!r} は読影試験 {name!r} に含まれていません（読影者: {readers}）</translation>
    </message>
    <message>
        <source>{folder}: no {file}; a kit can only be made from the coordinator&apos;s study folder of a study with a signed log</source>
        <translation>{folder}: {file} がありません。読影キットは、署名付きログを持つ読影試験の管理者の読影試験フォルダーからのみ作成できます</translation>
    </message>
    <message>
        <source>{log}: the log has no chain (created before reader kits existed)</source>
        <translation>{log}: ログにチェーンがありません（読影キット導入前に作成）</translation>
    </message>
    <message>
        <source>{folder}: exists and is not empty; a kit goes into a new or empty folder</source>
        <translation>{folder}: 存在し、空ではありません。読影キットは新規または空のフォルダーに作成します</translation>
    </message>
    <message>
        <source>{file}: the {kind} of case {case!r} is missing</source>
        <translation>{file}: 症例 {case!r} の {kind} ファイルがありません</translation>
    </message>
    <message>
        <source>the kit manifest ({name}) was altered</source>
        <translation>キットのマニフェスト ({name}) が改ざんされています</translation>
    </message>
    <message>
        <source>kit file {name} is missing</source>
        <translation>キットのファイル {name} がありません</translation>
    </message>
    <message>
        <source>kit file {name} was added</source>
        <translation>キットのファイル {name} が追加されています</translation>
    </message>
    <message>
        <source>kit file {name} was replaced or changed (SHA-256 differs)</source>
        <translation>キットのファイル {name} が置き換えられたか変更されています（SHA-256 不一致）</translation>
    </message>
    <message>
        <source>{folder}: no {file} or {reader_file}; the log&apos;s signatures cannot be checked here</source>
        <translation>{folder}: {file} または {reader_file} がありません。ここではログの署名を検査できません</translation>
    </message>
    <message>
        <source>the kit manifest does not belong to this folder&apos;s study and reader</source>
        <translation>キットのマニフェストはこのフォルダーの読影試験と読影者のものではありません</translation>
    </message>
    <message>
        <source>{folder}: no {file}; merge into the coordinator&apos;s study folder</source>
        <translation>{folder}: {file} がありません。管理者の読影試験フォルダーに取り込んでください</translation>
    </message>
    <message>
        <source>{kit}: not a reader kit (no {file})</source>
        <translation>{kit}: 読影キットではありません（{file} がありません）</translation>
    </message>
    <message>
        <source>{kit}: a kit of another study (study ID {theirs}, not {ours})</source>
        <translation>{kit}: 別の読影試験のキットです（読影試験ID {theirs}、こちらは {ours}）</translation>
    </message>
    <message>
        <source>{kit}: reader {reader!r} is not in study {name!r}</source>
        <translation>{kit}: 読影者 {reader!r} は読影試験 {name!r} に含まれていません</translation>
    </message>
    <message>
        <source>{kit}: kit not merged, tampering found: {finding}</source>
        <translation>{kit}: 改ざんを検出したため取り込みませんでした: {finding}</translation>
    </message>
    <message>
        <source>{kit}: the kit&apos;s log has no chain</source>
        <translation>{kit}: キットのログにチェーンがありません</translation>
    </message>
    <message>
        <source>{kit}: the kit&apos;s reading plan of reader {reader!r} differs from the study&apos;s</source>
        <translation>{kit}: 読影者 {reader!r} のキットの読影計画が読影試験のものと異なります</translation>
    </message>
    <message>
        <source>{log}: the study log has no chain; kits cannot be merged into it</source>
        <translation>{log}: 読影試験ログにチェーンがありません。キットを取り込めません</translation>
    </message>
    <message>
        <source>{log}: the study log fails verification, nothing merged: {finding}</source>
        <translation>{log}: 読影試験ログが検証に合格しません。何も取り込んでいません: {finding}</translation>
    </message>
    <message>
        <source>{log}: reader {reader!r} already has other answers in the study (they differ from the kit&apos;s at record {k}); nothing merged</source>
        <translation>{log}: 読影者 {reader!r} には読影試験に別の回答があります（レコード {k} でキットと異なります）。何も取り込んでいません</translation>
    </message>
    <message>
        <source>{log}: the study log is busy or read-only ({err})</source>
        <translation>{log}: 読影試験ログが使用中か読み取り専用です ({err})</translation>
    </message>
    <message>
        <source>kit record {seq}: columns {cols} unknown to this study log</source>
        <translation>キットのレコード {seq}: 列 {cols} はこの読影試験ログにありません</translation>
    </message>
    <message>
        <source>{log}: the merged log would not verify ({finding}); nothing merged</source>
        <translation>{log}: 取り込み後のログが検証に合格しません ({finding})。何も取り込んでいません</translation>
    </message>
    <message>
        <source>{log}: the kit&apos;s answers are refused by the study log ({err}); nothing merged</source>
        <translation>{log}: キットの回答が読影試験ログに拒否されました ({err})。何も取り込んでいません</translation>
    </message>
    <message>
        <source>{path}: already exists; a study&apos;s secret is never replaced</source>
        <translation>{path}: すでに存在します。読影試験の秘密鍵は置き換えません</translation>
    </message>
    <message>
        <source>{path}: unreadable secret file ({problem})</source>
        <translation>{path}: 秘密鍵ファイルを読み込めません ({problem})</translation>
    </message>
    <message>
        <source>this folder holds no key for reader {reader!r}: answers of another reader cannot be signed or checked here</source>
        <translation>このフォルダーには読影者 {reader!r} の鍵がありません: 他の読影者の回答はここでは署名も検査もできません</translation>
    </message>
    <message>
        <source>the study log cannot be signed here: no {file} (or {reader_file} of reader {reader!r}) beside it</source>
        <translation>ここでは読影試験ログに署名できません: 隣に {file}（または読影者 {reader!r} の {reader_file}）がありません</translation>
    </message>
    <message>
        <source>reader {reader}</source>
        <translation>読影者 {reader}</translation>
    </message>
    <message>
        <source>, record {seq}</source>
        <translation>、レコード {seq}</translation>
    </message>
    <message>
        <source>, case {case_id}</source>
        <translation>、症例 {case_id}</translation>
    </message>
    <message>
        <source>chain record missing (deleted; the chain jumps from record {a} to {b})</source>
        <translation>チェーンのレコードが欠落（削除。チェーンがレコード {a} から {b} へ飛んでいます）</translation>
    </message>
    <message>
        <source>chain record altered, inserted or reordered (its MAC does not match)</source>
        <translation>チェーンのレコードが改ざん・挿入・並べ替えされています（MAC 不一致）</translation>
    </message>
    <message>
        <source>event row deleted ({event})</source>
        <translation>イベント行が削除されています ({event})</translation>
    </message>
    <message>
        <source>event row inserted before this record (event id {id}, not in the chain)</source>
        <translation>このレコードの前にイベント行が挿入されています（イベントID {id}、チェーン外）</translation>
    </message>
    <message>
        <source>event rows swapped or reordered (this row holds record {other})</source>
        <translation>イベント行が入れ替え・並べ替えされています（この行はレコード {other} を持っています）</translation>
    </message>
    <message>
        <source>event row changed: {diff}</source>
        <translation>イベント行が変更されています: {diff}</translation>
    </message>
    <message>
        <source>event row inserted after the last record (event id {id}, not in the chain)</source>
        <translation>最後のレコードの後にイベント行が挿入されています（イベントID {id}、チェーン外）</translation>
    </message>
    <message>
        <source>answer row deleted ({condition} read)</source>
        <translation>回答行が削除されています（{condition} の読影）</translation>
    </message>
    <message>
        <source>answer changed outside PH-Assist ({condition} read): {diff}</source>
        <translation>PH-Assist 外で回答が変更されています（{condition} の読影）: {diff}</translation>
    </message>
    <message>
        <source>answer row inserted outside PH-Assist ({condition} read, not in the chain)</source>
        <translation>PH-Assist 外で回答行が挿入されています（{condition} の読影、チェーン外）</translation>
    </message>
    <message>
        <source>the signed head ({path}) is missing: the end of the log cannot be checked</source>
        <translation>署名付きヘッド ({path}) がありません: ログの末尾を検査できません</translation>
    </message>
    <message>
        <source>the signed head of the log was altered</source>
        <translation>ログの署名付きヘッドが改ざんされています</translation>
    </message>
    <message>
        <source>log truncated: the signed head counts {n} records, the log holds {k}</source>
        <translation>ログが切り詰められています: 署名付きヘッドのレコード数 {n}、ログのレコード数 {k}</translation>
    </message>
    <message>
        <source>the log was rewritten: this record differs from the signed head</source>
        <translation>ログが書き換えられています: このレコードは署名付きヘッドと異なります</translation>
    </message>
    <message>
        <source>rows of a reader who is not in this log&apos;s study were inserted ({table})</source>
        <translation>このログの読影試験に含まれない読影者の行が挿入されています ({table})</translation>
    </message>
    <message>
        <source>unknown figure of merit {fom} (choose one of {choices})</source>
        <translation>不明な評価指標 {fom}（{choices} から選択してください）</translation>
    </message>
    <message>
        <source>the pilot has too few cases for an OR analysis of {fom}; cannot plan from it</source>
        <translation>パイロットの症例が少なすぎて {fom} の OR 解析ができません。これからは計画できません</translation>
    </message>
    <message>
        <source>the pilot has one reader; the reader variance needs at least two</source>
        <translation>パイロットの読影者が1名です。読影者分散には2名以上必要です</translation>
    </message>
    <message>
        <source>pilot not found (give a study folder or a long CSV of reads)</source>
        <translation>パイロットが見つかりません（読影試験フォルダーまたは読影の long 形式 CSV を指定してください）</translation>
    </message>
    <message>
        <source>a decision threshold applies to a CSV of reads only (a study records decisions)</source>
        <translation>判定閾値は読影の CSV にのみ適用されます（読影試験は判定を記録しています）</translation>
    </message>
    <message>
        <source>unknown analysis {analysis} (choose one of {choices})</source>
        <translation>不明な解析法 {analysis}（{choices} から選択してください）</translation>
    </message>
    <message>
        <source>effect size must be a number &gt; 0 (got {effect})</source>
        <translation>効果量は 0 より大きい数値にしてください（指定値 {effect}）</translation>
    </message>
    <message>
        <source>the planned study needs at least 2 readers (got {readers})</source>
        <translation>計画する読影試験には読影者が2名以上必要です（指定値 {readers}）</translation>
    </message>
    <message>
        <source>alpha must lie between 0 and 1 (got {alpha})</source>
        <translation>alpha は 0 と 1 の間にしてください（指定値 {alpha}）</translation>
    </message>
    <message>
        <source>the pilot&apos;s {fom} shows no reader or case variability (the error term is zero); power cannot be estimated from it</source>
        <translation>パイロットの {fom} に読影者・症例のばらつきがありません（誤差項が 0）。検出力を推定できません</translation>
    </message>
    <message>
        <source>the planned study needs at least 2 cases (got {cases})</source>
        <translation>計画する読影試験には2症例以上必要です（指定値 {cases}）</translation>
    </message>
    <message>
        <source>power must lie strictly between 0 and 1 (got {power})</source>
        <translation>検出力は 0 と 1 の間（両端を含まない）にしてください（指定値 {power}）</translation>
    </message>
    <message>
        <source>with {J} readers the power cannot reach {power:g} however many cases are read (at most {limit:.3f}); plan more readers</source>
        <translation>読影者 {J} 名では、症例数を増やしても検出力は {power:g} に達しません（最大 {limit:.3f}）。読影者を増やしてください</translation>
    </message>
    <message>
        <source>more than {max_cases} cases would be needed for power {power:g} with {J} readers; plan more readers or a larger effect</source>
        <translation>読影者 {J} 名で検出力 {power:g} には {max_cases} 症例を超える症例数が必要です。読影者を増やすか、より大きな差を計画してください</translation>
    </message>
    <message>
        <source>How sure are you of this answer? (0 = guessing, 100 = certain)</source>
        <translation>この回答の確信度は?（0 = 推測、100 = 確実）</translation>
    </message>
    <message>
        <source>PH-likelihood rating 0-100 = 50 + confidence/2 when the answer is &apos;PH: yes&apos; and 50 - confidence/2 when it is &apos;PH: no&apos; (confidence = certainty in the answer given, 0 = guessing, 100 = certain); decisions are the yes/no answers</source>
        <translation>PH らしさの評定値 0-100 = 回答が「PH: はい」のとき 50 + 確信度/2、「PH: いいえ」のとき 50 − 確信度/2（確信度 = 回答への確からしさ、0 = 推測、100 = 確実）。判定ははい/いいえの回答</translation>
    </message>
    <message>
        <source>Does this patient have pulmonary hypertension?</source>
        <translation>この患者は肺高血圧症ですか?</translation>
    </message>
    <message>
        <source>PH yes/no and confidence 0-100</source>
        <translation>PH はい/いいえと確信度 0-100</translation>
    </message>
    <message>
        <source>5-point scale (definitely no ... definitely yes)</source>
        <translation>5段階尺度（確実になし … 確実にあり）</translation>
    </message>
    <message>
        <source>Probability of PH, 0-100 %</source>
        <translation>PH の確率 0-100%</translation>
    </message>
    <message>
        <source>No</source>
        <translation>いいえ</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <source>Definitely no</source>
        <translation>確実になし</translation>
    </message>
    <message>
        <source>Probably no</source>
        <translation>おそらくなし</translation>
    </message>
    <message>
        <source>Uncertain</source>
        <translation>どちらともいえない</translation>
    </message>
    <message>
        <source>Probably yes</source>
        <translation>おそらくあり</translation>
    </message>
    <message>
        <source>Definitely yes</source>
        <translation>確実にあり</translation>
    </message>
    <message>
        <source>0 % = certainly no PH</source>
        <translation>0% = 確実に PH なし</translation>
    </message>
    <message>
        <source>100 % = certainly PH</source>
        <translation>100% = 確実に PH</translation>
    </message>
    <message>
        <source>decision = the reader&apos;s PH yes/no answer</source>
        <translation>判定 = 読影者の PH はい/いいえの回答</translation>
    </message>
    <message>
        <source>decision PH = rating &gt;= 4 (probably yes or definitely yes)</source>
        <translation>判定 PH = 評定値 &gt;= 4（おそらくあり、または確実にあり）</translation>
    </message>
    <message>
        <source>decision PH = probability &gt;= 50 %</source>
        <translation>判定 PH = 確率 &gt;= 50%</translation>
    </message>
    <message>
        <source>rating = the 5-point answer (1 definitely no, 2 probably no, 3 uncertain, 4 probably yes, 5 definitely yes), ordinal; the empirical AUC counts ties as one half</source>
        <translation>評定値 = 5段階の回答（1 確実になし、2 おそらくなし、3 どちらともいえない、4 おそらくあり、5 確実にあり）、順序尺度。経験的 AUC では同順位を 1/2 と数えます</translation>
    </message>
    <message>
        <source>rating = the reader&apos;s probability of PH, 0-100 %</source>
        <translation>評定値 = 読影者による PH の確率 0-100%</translation>
    </message>
    <message>
        <source>session {session} of {n}, </source>
        <translation>セッション {session} / {n}、</translation>
    </message>
    <message>
        <source>done: all {n} cases read in both sessions</source>
        <translation>完了: 両セッションで全 {n} 症例を読影</translation>
    </message>
    <message>
        <source>done: all {n} cases read</source>
        <translation>完了: 全 {n} 症例を読影</translation>
    </message>
    <message>
        <source>session {session} of {n} opens on {when} UTC</source>
        <translation>セッション {session} / {n} は {when} UTC に開始</translation>
    </message>
    <message>
        <source>case {k} of {n}</source>
        <translation>症例 {k} / {n}</translation>
    </message>
    <message>
        <source>this study was made by an older PH-Assist: its ground truth is in study.json inside the study folder, where readers could open it; studies made now keep it in a separate key file</source>
        <translation>この読影試験は旧版の PH-Assist で作成されました。正解は読影試験フォルダー内の study.json にあり、読影者が開くことができました。現在作成される読影試験では正解は別の正解キーファイルに保存されます</translation>
    </message>
    <message>
        <source>{n} read(s) of the {k} practice case(s) left out of every analysis</source>
        <translation>練習症例 {k} 例の読影 {n} 件はすべての解析から除外</translation>
    </message>
    <message>
        <source>reader {reader} has finished {done} of {n} reads (study in progress)</source>
        <translation>読影者 {reader} は {n} 件中 {done} 件の読影を完了（読影試験進行中）</translation>
    </message>
    <message>
        <source>reader(s) {readers} left out: no locked read in both conditions yet</source>
        <translation>読影者 {readers} を除外: 両条件の確定済み読影がまだありません</translation>
    </message>
    <message>
        <source>the log has no signatures (made before PH-Assist signed study logs): edits made outside the app cannot be detected</source>
        <translation>ログに署名がありません（PH-Assist が読影試験ログに署名する以前に作成）: アプリ外での編集は検出できません</translation>
    </message>
    <message>
        <source>{folder}: not analysed, the log fails verification: {finding} (see &apos;ph-assist study verify&apos;)</source>
        <translation>{folder}: 解析しませんでした。ログが検証に合格しません: {finding} (&apos;ph-assist study verify&apos; を参照)</translation>
    </message>
    <message>
        <source>scale: {key} ({scale}); {definition}</source>
        <translation>評価尺度: {key} ({scale})。{definition}</translation>
    </message>
    <message>
        <source>without AI</source>
        <translation>AI なし</translation>
    </message>
    <message>
        <source>with AI</source>
        <translation>AI あり</translation>
    </message>
    <message>
        <source>treatment {t}</source>
        <translation>条件 {t}</translation>
    </message>
    <message>
        <source>Action question: {question} (share answered yes)</source>
        <translation>追加質問: {question}（「はい」と答えた割合）</translation>
    </message>
    <message>
        <source>{readers} reader(s), {cases} case(s) analysed ({ph} PH, {no_ph} no PH)</source>
        <translation>読影者 {readers} 名、解析症例 {cases} 例（PH {ph} 例、PH なし {no_ph} 例）</translation>
    </message>
    <message>
        <source>; {n} case(s) dropped (not read by everyone in both)</source>
        <translation>。{n} 症例を除外（両条件で全員が読影していないため）</translation>
    </message>
    <message>
        <source>scale: {scale}; AUC from the rating, accuracy/sensitivity/specificity from the decision</source>
        <translation>評価尺度: {scale}。AUC は評定値から、正診率・感度・特異度は判定から算出</translation>
    </message>
    <message>
        <source>comparison: {second} minus {first}; decisions: {rule}</source>
        <translation>比較: {second} から {first} を引いた差。判定: {rule}</translation>
    </message>
    <message>
        <source>Per reader: {first} -&gt; {second}</source>
        <translation>読影者別：{first} → {second}</translation>
    </message>
    <message>
        <source>{right_to_wrong} right-&gt;wrong, {wrong_to_right} wrong-&gt;right, p={p}</source>
        <translation>正→誤 {right_to_wrong}、誤→正 {wrong_to_right}、p={p}</translation>
    </message>
    <message>
        <source>Obuchowski-Rockette-Hillis analysis (jackknife covariances)</source>
        <translation>Obuchowski-Rockette-Hillis 解析（ジャックナイフ共分散）</translation>
    </message>
    <message>
        <source>Change of mind (correct {first} -&gt; correct {second})</source>
        <translation>判断の変更（{first}の正誤 → {second}の正誤）</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>注記</translation>
    </message>
    <message>
        <source>reader</source>
        <translation>読影者</translation>
    </message>
    <message>
        <source>pooled</source>
        <translation>統合</translation>
    </message>
    <message>
        <source>total</source>
        <translation>合計</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>正診率</translation>
    </message>
    <message>
        <source>sensitivity</source>
        <translation>感度</translation>
    </message>
    <message>
        <source>specificity</source>
        <translation>特異度</translation>
    </message>
    <message>
        <source>McNemar (acc.)</source>
        <translation>McNemar 検定（正診率）</translation>
    </message>
    <message>
        <source>diff</source>
        <translation>差</translation>
    </message>
    <message>
        <source>analysis</source>
        <translation>解析</translation>
    </message>
    <message>
        <source>not done (see notes)</source>
        <translation>実施せず（注記参照）</translation>
    </message>
    <message>
        <source>random readers &amp; cases</source>
        <translation>読影者・症例ともランダム効果</translation>
    </message>
    <message>
        <source>fixed readers (1 reader)</source>
        <translation>読影者固定（読影者 1 名）</translation>
    </message>
    <message>
        <source>right-&gt;wrong</source>
        <translation>正→誤</translation>
    </message>
    <message>
        <source>wrong-&gt;right</source>
        <translation>誤→正</translation>
    </message>
    <message>
        <source>right-&gt;right</source>
        <translation>正→正</translation>
    </message>
    <message>
        <source>wrong-&gt;wrong</source>
        <translation>誤→誤</translation>
    </message>
    <message>
        <source>Agreement between readers (Fleiss&apos; kappa of the PH / no PH calls)</source>
        <translation>読影者間の一致度（PH あり/なしの判定の Fleiss の κ）</translation>
    </message>
    <message>
        <source>{treatment}: kappa {kappa}, 95% CI [{lower}, {upper}] (bootstrap); against chance: p {p}</source>
        <translation>{treatment}: κ {kappa}、95%信頼区間 [{lower}, {upper}]（ブートストラップ）。偶然との比較: p {p}</translation>
    </message>
    <message>
        <source>{fom}: MS(TR) = 0, so the Hillis denominator df is infinite (normal/chi-square reference)</source>
        <translation>{fom}: MS(TR) = 0 のため Hillis の分母自由度は無限大（正規分布/カイ二乗分布を参照）</translation>
    </message>
    <message>
        <source>{fom}: the random-reader error term MS(TR) + J*max(Cov2-Cov3,0) is zero (no reader-by-treatment or case variability); F = {f} - not a meaningful test</source>
        <translation>{fom}: ランダム読影者の誤差項 MS(TR) + J*max(Cov2-Cov3,0) が 0 です（読影者×条件および症例のばらつきなし）。F = {f} - 意味のある検定ではありません</translation>
    </message>
    <message>
        <source>{fom}: the fixed-reader error term Var - Cov1 + (J-1)*max(Cov2-Cov3,0) is zero</source>
        <translation>{fom}: 固定読影者の誤差項 Var - Cov1 + (J-1)*max(Cov2-Cov3,0) が 0 です</translation>
    </message>
    <message>
        <source>{fom}: one reader - the random-reader (OR/Hillis) analysis needs two or more readers; the fixed-reader, random-case analysis is reported instead</source>
        <translation>{fom}: 読影者が1名 - ランダム読影者 (OR/Hillis) 解析には2名以上が必要なため、固定読影者・ランダム症例の解析を報告します</translation>
    </message>
    <message>
        <source>pooled McNemar test sums the discordant pairs of all readers; reads of the same case by different readers are not independent, so it is descriptive only (use the OR-Hillis accuracy analysis)</source>
        <translation>統合 McNemar 検定は全読影者の不一致ペアを合計します。同じ症例の異なる読影者による読影は独立でないため、記述的な参考値にとどまります（OR-Hillis の正診率解析を使用してください）</translation>
    </message>
    <message>
        <source>decisions as recorded</source>
        <translation>記録された判定</translation>
    </message>
    <message>
        <source>decision = 1 when rating &gt;= {threshold:g} (no decisions recorded)</source>
        <translation>判定 = 評定値 &gt;= {threshold:g} のとき 1（判定の記録なし）</translation>
    </message>
    <message>
        <source>no decision column: decisions derived as rating &gt;= {threshold}</source>
        <translation>decision 列なし: 評定値 &gt;= {threshold} で判定を導出</translation>
    </message>
    <message>
        <source>{n} case(s) not read by every reader in both treatments were dropped from all analyses: {cases}</source>
        <translation>両条件で全読影者に読影されていない {n} 症例をすべての解析から除外: {cases}</translation>
    </message>
    <message>
        <source>all analysed cases have the same truth: AUC and one of sensitivity/specificity are undefined</source>
        <translation>解析した全症例の正解が同じです: AUC と、感度・特異度の一方は定義できません</translation>
    </message>
    <message>
        <source>auc: OR analysis needs at least 2 diseased and 2 non-diseased cases; not done</source>
        <translation>auc: OR 解析には疾患あり2症例以上と疾患なし2症例以上が必要です。実施しません</translation>
    </message>
    <message>
        <source>{fom}: OR analysis needs at least {need} relevant cases (has {m}); not done</source>
        <translation>{fom}: OR 解析には該当症例が {need} 件以上必要です（{m} 件）。実施しません</translation>
    </message>
    <message>
        <source>{fom}: reader(s) {readers} have zero jackknife variance (the same outcome on every case, e.g. always right); their error terms are zero</source>
        <translation>{fom}: 読影者 {readers} のジャックナイフ分散が 0 です（全症例で同じ結果、例えば常に正解）。その誤差項は 0 になります</translation>
    </message>
</context>
<context>
    <name>study_views</name>
    <message>
        <source>Checking the model bundle…</source>
        <translation>モデルバンドルを確認しています…</translation>
    </message>
    <message>
        <source>Creating the study…</source>
        <translation>読影試験を作成しています…</translation>
    </message>
    <message>
        <source>Analysing the study…</source>
        <translation>読影試験を解析しています…</translation>
    </message>
    <message>
        <source>Drawing the figures…</source>
        <translation>図を描画しています…</translation>
    </message>
    <message>
        <source>Writing the files…</source>
        <translation>ファイルを書き出しています…</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>不明なエラー</translation>
    </message>
</context>
<context>
    <name>workers</name>
    <message>
        <source>internal error ({name}: {text}); please report it</source>
        <translation>内部エラー ({name}: {text})。報告してください</translation>
    </message>
    <message>
        <source>Loading model bundle…</source>
        <translation>モデルバンドルを読み込んでいます…</translation>
    </message>
    <message>
        <source>Preparing models…</source>
        <translation>モデルを準備しています…</translation>
    </message>
    <message>
        <source>Preparing the demo case…</source>
        <translation>デモ症例を準備しています…</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>{name} を読み込んでいます…</translation>
    </message>
    <message>
        <source>{path}: not enough memory to read this file</source>
        <translation>{path}: このファイルを読み込むためのメモリが不足しています</translation>
    </message>
    <message>
        <source>{path}: cannot be read</source>
        <translation>{path}: 読み込めません</translation>
    </message>
    <message>
        <source>Looking for the ECG and the chest X-ray…</source>
        <translation>心電図と胸部X線を探しています…</translation>
    </message>
    <message>
        <source>Assessing the case…</source>
        <translation>症例を評価しています…</translation>
    </message>
    <message>
        <source>Measuring the ECG…</source>
        <translation>心電図を計測しています…</translation>
    </message>
    <message>
        <source>Writing the PDF report…</source>
        <translation>PDF レポートを作成しています…</translation>
    </message>
</context>
</TS>
